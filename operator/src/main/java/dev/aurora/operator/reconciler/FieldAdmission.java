package dev.aurora.operator.reconciler;

import static dev.aurora.dsl.schema.RuntimeFields.ALLOWED_CONTAINER_TYPES;
import static dev.aurora.dsl.schema.RuntimeFields.ALLOW_CONTAINER_VOLUMES;
import static dev.aurora.dsl.schema.RuntimeFields.ALLOW_DOCKER_PARAMETERS;
import static dev.aurora.dsl.schema.RuntimeFields.ALLOW_GPU_RESOURCE;
import static dev.aurora.dsl.schema.RuntimeFields.MIN_REQUIRED_INSTANCES_FOR_SLA_CHECK;
import static dev.aurora.dsl.schema.RuntimeFields.RECEIVE_REVOCABLE_RESOURCES;
import static dev.aurora.dsl.schema.RuntimeFields.SLA_AWARE_KILL_NON_PROD;

import dev.aurora.dsl.model.ContainerSpec;
import dev.aurora.dsl.model.JobSpec;

/**
 * Refuses, when a job is admitted, each field the operator would otherwise accept and not honour (README: "Aurora
 * fields at run time"): what Aurora's scheduler allowed only by flag, unless the operator's setting allows it, and
 * what this operator cannot do yet. Each reason names the field and the setting, if any, that would allow it.
 */
final class FieldAdmission {
  private FieldAdmission() {
  }

  /** Null when the job may run, else why not. */
  static String refusal(JobSpec job, AdmissionSettings settings) {
    String problem = container(job.container(), settings);
    if (problem == null) {
      problem = resources(job, settings);
    }
    if (problem == null) {
      problem = slaPolicy(job, settings);
    }
    if (problem == null) {
      problem = notYetHonoured(job);
    }
    return problem;
  }

  private static String container(ContainerSpec container, AdmissionSettings settings) {
    if (container != null && container.kind() == ContainerSpec.Kind.DOCKER) {
      if (settings.localBackend()) {
        return "container: the local backend runs tasks as child processes and cannot run a Docker container; "
            + "use the mesos backend";
      }
      if (!settings.allowedContainerTypes().contains("DOCKER")) {
        return "container: Docker containers are not allowed on this operator (allowed types: "
            + String.join(", ", settings.allowedContainerTypes().stream().sorted().toList()) + "); "
            + ALLOWED_CONTAINER_TYPES + " MESOS,DOCKER would allow them";
      }
      if (!container.dockerParameters().isEmpty() && !settings.allowDockerParameters()) {
        return "container.parameters: Docker parameters are not allowed on this operator; "
            + ALLOW_DOCKER_PARAMETERS + " true would allow them";
      }
      return null;
    }
    // A job without a container is in a Mesos container too, as in Aurora.
    if (!settings.allowedContainerTypes().contains("MESOS")) {
      return "container: Mesos containers are not allowed on this operator (allowed types: "
          + String.join(", ", settings.allowedContainerTypes().stream().sorted().toList()) + "); "
          + ALLOWED_CONTAINER_TYPES + " would have to include MESOS";
    }
    if (container == null) {
      return null;
    }
    if (container.mesosImage() != null) {
      return "container.image: filesystem images of Mesos containers are not supported: Aurora's executor entered "
          + "the image to run each process and this executor cannot yet; no setting allows it (a Docker(image=...) "
          + "container runs the whole executor in the image)";
    }
    if (!container.volumes().isEmpty()) {
      if (!settings.allowContainerVolumes()) {
        return "container.volumes: container volumes are not allowed on this operator; " + ALLOW_CONTAINER_VOLUMES
            + " true would allow them";
      }
      return "container.volumes: Aurora mounted volumes only into a Mesos container's image, and this container "
          + "has none, so they would have no effect";
    }
    return null;
  }

  private static String resources(JobSpec job, AdmissionSettings settings) {
    int gpus = job.task().resources() == null ? 0 : job.task().resources().gpu();
    if (gpus > 0) {
      if (settings.localBackend()) {
        return "task.resources.gpu: the local backend cannot give a task GPUs; use the mesos backend";
      }
      if (!settings.allowGpuResource()) {
        return "task.resources.gpu: GPU resources are not allowed on this operator; " + ALLOW_GPU_RESOURCE
            + " true would allow them";
      }
    }
    if ("revocable".equals(job.tier())) {
      if (settings.localBackend()) {
        return "tier: the local backend has no revocable resources for the revocable tier; use the mesos backend";
      }
      if (!settings.receiveRevocableResources()) {
        return "tier: the revocable tier runs only on revocable resources, which this operator does not receive, "
            + "so the job could never be placed; " + RECEIVE_REVOCABLE_RESOURCES + " true would allow it";
      }
    }
    return null;
  }

  /**
   * Aurora's scheduler checks of an SLA policy that depend on its flags (the others run at evaluation): only
   * production tiers, unless non-production jobs are checked too, and Count/Percentage only for jobs with at least the
   * minimum number of instances.
   */
  private static String slaPolicy(JobSpec job, AdmissionSettings settings) {
    JobSpec.SlaPolicy sla = job.slaPolicy();
    if (sla == null) {
      return null;
    }
    if (!job.production() && !settings.slaAwareKillNonProd()) {
      return "sla_policy: tier '" + job.tier() + "' does not support an SLA policy (only production tiers such as "
          + "'preferred' do); " + SLA_AWARE_KILL_NON_PROD + " true would allow it";
    }
    if (!"coordinator".equals(sla.kind()) && job.instances() < settings.minRequiredInstancesForSla()) {
      return "sla_policy: a job with fewer than " + settings.minRequiredInstancesForSla() + " instances cannot have a "
          + ("count".equals(sla.kind()) ? "CountSlaPolicy" : "PercentageSlaPolicy") + " (it has " + job.instances()
          + "); " + MIN_REQUIRED_INSTANCES_FOR_SLA_CHECK + " " + job.instances() + " would allow it";
    }
    return null;
  }

  /** Fields Aurora acted on that this operator does not act on yet: refused rather than ignored. */
  private static String notYetHonoured(JobSpec job) {
    if (job.priority() > 0) {
      return "priority: " + job.priority() + " is refused: Aurora used priority only to preempt lower-priority tasks "
          + "of the role, and this operator does not preempt yet; no setting allows it (leave priority at 0)";
    }
    return null;
  }
}
