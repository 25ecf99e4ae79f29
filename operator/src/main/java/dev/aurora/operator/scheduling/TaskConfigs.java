package dev.aurora.operator.scheduling;

import dev.aurora.backend.Container;
import dev.aurora.backend.TaskConfig;
import dev.aurora.dsl.model.ContainerSpec;
import dev.aurora.dsl.model.JobSpec;

/**
 * The backend's view of a job's tier, metadata, container and priority, as Aurora's client turned the config into a
 * TaskConfig (AURORA.md §1.3): the tier as backfilled ({@code production=True} without a tier is {@code preferred}),
 * metadata pairs in config order, Docker or Mesos container.
 */
final class TaskConfigs {
  private TaskConfigs() {
  }

  static TaskConfig of(JobSpec spec) {
    String tier = spec.tier() == null ? TaskConfig.DEFAULT_TIER : spec.tier();
    return new TaskConfig(tier,
        spec.metadata().stream().map(m -> new TaskConfig.Metadata(m.key(), m.value())).toList(),
        container(spec.container()), spec.priority());
  }

  static Container container(ContainerSpec spec) {
    if (spec == null) {
      return null;
    }
    if (spec.kind() == ContainerSpec.Kind.DOCKER) {
      return Container.docker(spec.dockerImage(), spec.dockerParameters().stream()
          .map(p -> new Container.Parameter(p.name(), p.value())).toList());
    }
    Container.Image image = spec.mesosImage() == null ? null : new Container.Image(
        spec.mesosImage().kind().equals("appc") ? Container.Image.Kind.APPC : Container.Image.Kind.DOCKER,
        spec.mesosImage().name(), spec.mesosImage().reference());
    return Container.mesos(image, spec.volumes().stream()
        .map(v -> new Container.Volume(v.containerPath(), v.hostPath(), v.mode())).toList());
  }
}
