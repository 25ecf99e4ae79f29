package dev.aurora.dsl.model;

import java.util.List;

/**
 * {@code container}: a Docker container ({@code Docker(...)} or the deprecated {@code Container(docker=...)}), or a
 * Mesos container with an optional filesystem image and volumes.
 */
public record ContainerSpec(
    Kind kind,
    String dockerImage,
    List<Parameter> dockerParameters,
    Image mesosImage,
    List<Volume> volumes) {

  public enum Kind { DOCKER, MESOS }

  public ContainerSpec {
    dockerParameters = List.copyOf(dockerParameters);
    volumes = List.copyOf(volumes);
  }

  public record Parameter(String name, String value) {}

  /** {@code kind} is {@code docker} (name + tag) or {@code appc} (name + image id in {@code reference}). */
  public record Image(String kind, String name, String reference) {}

  public record Volume(String containerPath, String hostPath, String mode) {}
}
