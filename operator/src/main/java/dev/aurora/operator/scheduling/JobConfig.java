package dev.aurora.operator.scheduling;

import dev.aurora.backend.JobKey;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.PlacementConstraint;
import dev.aurora.backend.TaskResources;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.dsl.model.ResourcesSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One config instances can run: the resolved job plus the restart nonce. The hash covers what a task runs (the
 * executor's job JSON, which leaves out {@code instances} and {@code update_config}, as Aurora's TaskConfig did) and the
 * nonce (so a new nonce is a new config and rolls like one); a change of the instance count or of the update settings
 * alone therefore adds or removes instances without replacing the others. Everything a launch needs is derived once
 * here, not per task.
 */
record JobConfig(String hash, JobSpec spec, JobKey key, String executorDocument, TaskResources resources,
                 List<PlacementConstraint> constraints) {

  static JobConfig of(JobSpec spec, String restartNonce) {
    String executorData = spec.executorDataJson();
    String nonce = restartNonce == null ? "" : restartNonce;
    ResourcesSpec r = spec.task().resources();
    return new JobConfig(sha256(executorData + "\n" + nonce), spec,
        new JobKey(spec.key().role(), spec.key().environment(), spec.key().name()), executorData,
        new TaskResources(r.cpu(), r.ramMb(), r.diskMb(), spec.requestedPorts()),
        PlacementConstraint.parse(spec.constraints()));
  }

  LaunchRequest launchRequest(int instanceId, String taskId) {
    return new LaunchRequest(key, instanceId, taskId, resources, constraints, executorDocument);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
