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
 * ({@code -receive_revocable_resources}), all off. {@code localBackend}: tasks run as child processes, which can
 * honour none of these.
 */
public record AdmissionSettings(Set<String> allowedContainerTypes, boolean allowDockerParameters,
                                boolean allowContainerVolumes, boolean allowGpuResource,
                                boolean receiveRevocableResources, boolean localBackend) {
  public static final Set<String> CONTAINER_TYPES = Set.of("MESOS", "DOCKER");
  static final String DEFAULT_CONTAINER_TYPES = "MESOS";

  public AdmissionSettings {
    allowedContainerTypes = Set.copyOf(allowedContainerTypes);
    for (String type : allowedContainerTypes) {
      if (!CONTAINER_TYPES.contains(type)) {
        throw new IllegalArgumentException("--allowed-container-types: unknown container type '" + type
            + "' (MESOS, DOCKER)");
      }
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
        flag(get, "allow-gpu-resource"), flag(get, "receive-revocable-resources"), localBackend);
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
