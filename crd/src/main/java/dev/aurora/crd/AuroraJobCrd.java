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

  /**
   * Applies the CRDs (server-side: AuroraJob and the records' AuroraJobState) and waits until the API server serves
   * them. A CRD just created may have a status without conditions yet: that is "not established yet", not an error.
   */
  public static void install(KubernetesClient client) {
    var crds = client.apiextensions().v1().customResourceDefinitions();
    for (CustomResourceDefinition crd : java.util.List.of(definition(), stateDefinition())) {
      CustomResourceDefinition applied = crds.resource(crd).serverSideApply();
      crds.withName(applied.getMetadata().getName()).waitUntilCondition(c -> c.getStatus() != null
          && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
              .anyMatch(k -> "Established".equals(k.getType()) && "True".equals(k.getStatus())), 60, TimeUnit.SECONDS);
    }
  }
}
