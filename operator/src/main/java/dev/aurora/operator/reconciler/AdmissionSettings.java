package dev.aurora.operator.reconciler;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * What jobs may ask for that Aurora's scheduler allowed only by flag, with Aurora's defaults: container types
 * ({@code -allowed_container_types}, MESOS only), Docker parameters ({@code -allow_docker_parameters}), container
 * volumes ({@code -allow_container_volumes}), GPUs ({@code -allow_gpu_resource}) and revocable offers
 * ({@code -receive_revocable_resources}), all off; SLA policies of jobs with fewer instances than
 * {@code -min_required_instances_for_sla_check} (20) and of non-production jobs ({@code -sla_aware_kill_non_prod},
 * off). {@code localBackend}: tasks run as child processes, which can honour none of the first five.
 */
public record AdmissionSettings(Set<String> allowedContainerTypes, boolean allowDockerParameters,
                                boolean allowContainerVolumes, boolean allowGpuResource,
                                boolean receiveRevocableResources, boolean localBackend,
                                int minRequiredInstancesForSla, boolean slaAwareKillNonProd) {
  public static final Set<String> CONTAINER_TYPES = Set.of("MESOS", "DOCKER");
  static final String DEFAULT_CONTAINER_TYPES = "MESOS";
  /** Aurora's {@code -min_required_instances_for_sla_check}. */
  public static final int DEFAULT_MIN_REQUIRED_INSTANCES_FOR_SLA = 20;

  /** With Aurora's SLA defaults. */
  public AdmissionSettings(Set<String> allowedContainerTypes, boolean allowDockerParameters,
                           boolean allowContainerVolumes, boolean allowGpuResource,
                           boolean receiveRevocableResources, boolean localBackend) {
    this(allowedContainerTypes, allowDockerParameters, allowContainerVolumes, allowGpuResource,
        receiveRevocableResources, localBackend, DEFAULT_MIN_REQUIRED_INSTANCES_FOR_SLA, false);
  }

  public AdmissionSettings {
    allowedContainerTypes = Set.copyOf(allowedContainerTypes);
    for (String type : allowedContainerTypes) {
      if (!CONTAINER_TYPES.contains(type)) {
        throw new IllegalArgumentException("--allowed-container-types: unknown container type '" + type
            + "' (MESOS, DOCKER)");
      }
    }
    if (minRequiredInstancesForSla < 0) {
      throw new IllegalArgumentException("--min-required-instances-for-sla-check cannot be negative");
    }
  }

  /** Aurora's scheduler defaults. */
  public static AdmissionSettings defaults(boolean localBackend) {
    return new AdmissionSettings(Set.of(DEFAULT_CONTAINER_TYPES), false, false, false, false, localBackend);
  }

  /** From the operator's flags ({@code get} answers null for a flag not given). */
  public static AdmissionSettings parse(Function<String, String> get, boolean localBackend) {
    String types = get.apply("allowed-container-types");
    Set<String> allowed = new LinkedHashSet<>();
    Arrays.stream((types == null ? DEFAULT_CONTAINER_TYPES : types).split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).forEach(s -> allowed.add(s.toUpperCase(Locale.ROOT)));
    return new AdmissionSettings(allowed, flag(get, "allow-docker-parameters"), flag(get, "allow-container-volumes"),
        flag(get, "allow-gpu-resource"), flag(get, "receive-revocable-resources"), localBackend,
        count(get, "min-required-instances-for-sla-check", DEFAULT_MIN_REQUIRED_INSTANCES_FOR_SLA),
        flag(get, "sla-aware-kill-non-prod"));
  }

  private static int count(Function<String, String> get, String name, int otherwise) {
    String value = get.apply(name);
    if (value == null) {
      return otherwise;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + value + "'");
    }
  }

  private static boolean flag(Function<String, String> get, String name) {
    String value = get.apply(name);
    if (value == null) {
      return false;
    }
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("--" + name + " must be true or false, not '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }
}
