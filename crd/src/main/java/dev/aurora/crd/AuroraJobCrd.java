package dev.aurora.crd;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The AuroraJob CRD as this build generated it, for installing it from code (the operator, the local bring-up). */
public final class AuroraJobCrd {
  /** Classpath location written by the build (see CrdFinisher); the Helm chart carries a copy of the same file. */
  public static final String RESOURCE = "META-INF/aurora/aurorajobs.aurora.dev.yaml";

  private AuroraJobCrd() {
  }

  public static String yaml() {
    try (InputStream in = AuroraJobCrd.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath; build the crd module");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static CustomResourceDefinition definition() {
    return Serialization.unmarshal(yaml(), CustomResourceDefinition.class);
  }

  /**
   * Applies the CRD (server-side) and waits until the API server serves it. A CRD just created may have a status
   * without conditions yet: that is "not established yet", not an error.
   */
  public static CustomResourceDefinition install(KubernetesClient client) {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    CustomResourceDefinition applied = crds.resource(definition()).serverSideApply();
    return crds.withName(applied.getMetadata().getName()).waitUntilCondition(crd -> crd.getStatus() != null
        && crd.getStatus().getConditions() != null && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())), 60, TimeUnit.SECONDS);
  }
}
