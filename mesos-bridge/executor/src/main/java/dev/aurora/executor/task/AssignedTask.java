package dev.aurora.executor.task;

import java.util.Map;

/**
 * One placed instance of a job: what the scheduler hands to the executor (Mesos {@code TaskInfo.data}, or the
 * operator's local backend). Placement-time references in {@link #job()} are bound from these fields.
 *
 * @param taskId     the Mesos task id, also Thermos' task id ({@code {{thermos.task_id}}})
 * @param instanceId the instance number ({@code {{mesos.instance}}})
 * @param hostname   the agent's host name ({@code {{mesos.hostname}}})
 * @param ports      named ports assigned from the offer ({@code {{thermos.ports[name]}}})
 * @param job        the interpolated Aurora job, shaped like {@code aurora job inspect --write-json}
 */
public record AssignedTask(String taskId, int instanceId, String hostname, Map<String, Integer> ports, JobConfig job) {
  public AssignedTask {
    ports = ports == null ? Map.of() : Map.copyOf(ports);
  }
}
