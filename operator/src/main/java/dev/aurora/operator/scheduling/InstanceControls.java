package dev.aurora.operator.scheduling;

import java.util.SortedSet;

/**
 * What the spec says about single instances, as Aurora's instance-scoped commands did: a restart limited to some
 * instances ({@code aurora job restart --instances}) and instances killed on request ({@code aurora job kill
 * --instances}) that stay down until the spec lets them start again.
 */
final class InstanceControls {
  private InstanceControls() {
  }

  /**
   * A restart is a new nonce, so a new config hash for the same executor document. When the spec limits it to some
   * instances, the others keep running: their tasks run that very document, so they move to the new hash without
   * being touched, and the rolling update that follows replaces only the named ones.
   */
  static void limitRestart(Step s, JobConfig previous, SortedSet<Integer> restartInstances) {
    JobConfig target = s.target;
    if (previous == null || restartInstances.isEmpty() || !previous.document().equals(target.document())
        || previous.restartNonce().equals(target.restartNonce())) {
      return;
    }
    for (InstanceRecord instance : s.instances) {
      if (restartInstances.contains(instance.id()) || !sameDocument(s, instance.config(), target)) {
        continue;
      }
      TaskRecord task = instance.task();
      InstanceRecord relabeled = instance.withConfig(target.hash());
      if (task != null && sameDocument(s, task.config(), target)) {
        relabeled = relabeled.withTask(task.relabeled(target.hash()));
      }
      s.put(relabeled);
    }
    s.pruneConfigs();
  }

  /** Keeps a killed instance down: its task is killed, and no relaunch stays planned. */
  static void keepDown(Step s, InstanceRecord instance) {
    if (instance.relaunchAt() != null) {
      instance = instance.relaunchAt(null, false);
    }
    s.put(instance);
    if (instance.hasActiveTask()) {
      s.kill(instance.task());
    }
  }

  /** Instances the spec no longer keeps killed start again, on the job's target config unless it is blocked. */
  static void startAgain(Step s, SortedSet<Integer> killedBefore) {
    if (s.target == null || s.deleting) {
      return;
    }
    boolean blocked = s.target.hash().equals(s.blockedConfig);
    for (int id : killedBefore) {
      if (s.killed(id) || id >= s.desiredInstances() || s.cron != null) {
        continue;
      }
      InstanceRecord instance = s.instance(id);
      if (instance == null) {
        instance = InstanceRecord.fresh(id, s.target.hash(), 0);
      }
      if (instance.hasActiveTask() || instance.relaunchAt() != null) {
        continue; // its kill has not been sent yet, or it is already coming back
      }
      String config = blocked ? instance.config() : s.target.hash();
      s.put(instance.withConfig(config).relaunchAt(s.ctx.now(), false));
    }
  }

  private static boolean sameDocument(Step s, String hash, JobConfig target) {
    JobConfig config = hash == null ? null : s.configs.get(hash);
    return config != null && config.document().equals(target.document());
  }
}
