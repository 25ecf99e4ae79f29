package dev.aurora.executor.task;

import java.util.Map;

/**
 * One placed instance as the executor runs it: the {@code dev.aurora.backend.AssignedTask} a backend handed over,
 * with its port aliases resolved and the placement references of its job bound.
 *
 * @param taskId     the Mesos task id, also Thermos' task id ({@code {{thermos.task_id}}})
 * @param instanceId the instance number ({@code {{mesos.instance}}})
 * @param hostname   the agent's host name ({@code {{mesos.hostname}}})
 * @param ports      the resolved port map: assigned ports plus {@code announce.portmap} aliases followed to their
 *                   number and static ports ({@code {{thermos.ports[name]}}}, the {@code health} port)
 * @param job        the bound Aurora job, shaped like {@code aurora job inspect --write-json}
 */
public record BoundTask(String taskId, int instanceId, String hostname, Map<String, Integer> ports, JobConfig job) {
  public BoundTask {
    ports = ports == null ? Map.of() : Map.copyOf(ports);
  }
}
