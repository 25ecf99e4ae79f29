package dev.aurora.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The AuroraJob CRD as this build generated it, for installing it from code (the operator, the local bring-up). */
public final class AuroraJobCrd {
  /** Classpath location written by the build (see CrdFinisher); the Helm chart carries a copy of the same file. */
  public static final String RESOURCE = "META-INF/aurora/aurorajobs.aurora.dev.yaml";
  /** The AuroraJobState CRD (the scheduler's durable records), as the generator wrote it; the chart carries a copy. */
  public static final String STATE_RESOURCE = "META-INF/fabric8/aurorajobstates.aurora.dev-v1.yml";

  private AuroraJobCrd() {
  }

  public static String yaml() {
    return read(RESOURCE);
  }

  public static String stateYaml() {
    return read(STATE_RESOURCE);
  }

  private static String read(String resource) {
    try (InputStream in = AuroraJobCrd.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath; build the crd module");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CustomResourceDefinition definition() {
    return Serialization.unmarshal(yaml(), CustomResourceDefinition.class);
  }

  public static CustomResourceDefinition stateDefinition() {
    return Serialization.unmarshal(stateYaml(), CustomResourceDefinition.class);
  }
}
