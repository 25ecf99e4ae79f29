package dev.aurora.backend;

import java.util.List;
import java.util.Objects;

/**
 * A task's container as Aurora's scheduler held it: {@code Docker(image, parameters)}, or {@code Mesos(image,
 * volumes)} with an optional Docker or Appc filesystem image.
 */
public record Container(Type type, String dockerImage, List<Parameter> parameters, Image image,
                        List<Volume> volumes) {
  public enum Type { DOCKER, MESOS }

  public Container {
    Objects.requireNonNull(type, "type");
    parameters = List.copyOf(parameters);
    volumes = List.copyOf(volumes);
    if (type == Type.DOCKER) {
      Objects.requireNonNull(dockerImage, "dockerImage");
    }
  }

  public static Container docker(String image, List<Parameter> parameters) {
    return new Container(Type.DOCKER, image, parameters, null, List.of());
  }

  public static Container mesos(Image image, List<Volume> volumes) {
    return new Container(Type.MESOS, null, List.of(), image, volumes);
  }

  /** A Docker parameter ({@code docker run --name=value}). */
  public record Parameter(String name, String value) {}

  /** {@code DockerImage(name, tag)} or {@code AppcImage(name, image_id)}: {@code reference} is the tag or the id. */
  public record Image(Kind kind, String name, String reference) {
    public enum Kind { DOCKER, APPC }
  }

  /** {@code mode} is {@code RO} or {@code RW}. */
  public record Volume(String containerPath, String hostPath, String mode) {}
}
