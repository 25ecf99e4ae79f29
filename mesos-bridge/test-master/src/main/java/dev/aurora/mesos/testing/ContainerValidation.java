package dev.aurora.mesos.testing;

import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Volume;

/**
 * What the master checks of a task's and its executor's containers and GPUs before it launches anything (Mesos'
 * common validation of ContainerInfo and of the {@code gpus} resource): every volume names exactly one of a host
 * path, an image or a source; a DOCKER container carries its DockerInfo and no {@code name} parameter (the Docker
 * containerizer names containers itself); an image carries the part its type says; GPUs come whole.
 */
final class ContainerValidation {
  private ContainerValidation() {
  }

  /** Null when valid, else the master's reason for TASK_ERROR. */
  static String problem(TaskInfo task) {
    if (task.hasContainer()) {
      String error = problem(task.getContainer());
      if (error != null) {
        return "Task's ContainerInfo is invalid: " + error;
      }
    }
    if (task.hasExecutor() && task.getExecutor().hasContainer()) {
      String error = problem(task.getExecutor().getContainer());
      if (error != null) {
        return "Executor's ContainerInfo is invalid: " + error;
      }
    }
    double gpus = 0;
    for (Resource r : task.getResourcesList()) {
      if (r.getName().equals("gpus")) {
        gpus += r.getScalar().getValue();
      }
    }
    if (Math.round(gpus * 1000) % 1000 != 0) {
      return "The 'gpus' resource must be an unsigned integer";
    }
    return null;
  }

  static String problem(ContainerInfo container) {
    for (Volume volume : container.getVolumesList()) {
      int set = (volume.hasHostPath() ? 1 : 0) + (volume.hasImage() ? 1 : 0) + (volume.hasSource() ? 1 : 0);
      if (set != 1) {
        return "Invalid volume: Only one of them should be set: 'host_path', 'image' and 'source'";
      }
      if (volume.hasImage()) {
        String error = imageProblem(volume.getImage());
        if (error != null) {
          return "Invalid volume: " + error;
        }
      }
    }
    if (container.getType() == ContainerInfo.Type.DOCKER) {
      if (!container.hasDocker()) {
        return "DockerInfo 'docker' is not set for DOCKER typed ContainerInfo";
      }
      for (Parameter p : container.getDocker().getParametersList()) {
        if (p.getKey().equals("name")) {
          return "Parameter in DockerInfo must not be 'name'";
        }
      }
    }
    if (container.getType() == ContainerInfo.Type.MESOS && container.getMesos().hasImage()) {
      return imageProblem(container.getMesos().getImage());
    }
    return null;
  }

  private static String imageProblem(Image image) {
    if (image.getType() == Image.Type.DOCKER && !image.hasDocker()) {
      return "Image of type DOCKER has no 'docker'";
    }
    if (image.getType() == Image.Type.APPC && !image.hasAppc()) {
      return "Image of type APPC has no 'appc'";
    }
    return null;
  }
}
