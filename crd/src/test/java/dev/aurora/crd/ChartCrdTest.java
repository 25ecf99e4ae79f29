package dev.aurora.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.crd.local.ControlPlaneBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Helm chart ships the CRD this build generates; a stale committed copy fails here, not in a user's cluster. */
class ChartCrdTest {
  static final Path CHART_CRD = Path.of("charts/aurora-operator/crds/aurorajobs.aurora.dev.yaml");
  static final Path CHART_STATE_CRD = Path.of("charts/aurora-operator/crds/aurorajobstates.aurora.dev.yaml");

  @Test
  void committedChartCrdEqualsTheGeneratedOne() throws IOException {
    Path root = ControlPlaneBinaries.repositoryRoot();
    Path committed = root.resolve(CHART_CRD);
    assertTrue(Files.exists(committed), committed + " is missing");
    assertEquals(AuroraJobCrd.yaml(), Files.readString(committed),
        "The chart's CRD is stale. Regenerate it with: mvn -pl crd process-classes && cp crd/target/classes/"
            + AuroraJobCrd.RESOURCE + " " + CHART_CRD);
  }

  @Test
  void committedChartStateCrdEqualsTheGeneratedOne() throws IOException {
    Path committed = ControlPlaneBinaries.repositoryRoot().resolve(CHART_STATE_CRD);
    assertTrue(Files.exists(committed), committed + " is missing");
    assertEquals(AuroraJobCrd.stateYaml(), Files.readString(committed),
        "The chart's AuroraJobState CRD is stale. Regenerate it with: mvn -pl crd process-classes && cp crd/target/"
            + "classes/" + AuroraJobCrd.STATE_RESOURCE + " " + CHART_STATE_CRD);
  }
}
