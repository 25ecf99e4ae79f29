package dev.aurora.operator.reconciler;

import dev.aurora.dsl.model.JobSpec;

/**
 * Whether this operator can honour a job's {@code announce} as Aurora's executor did: announcing needs the ZooKeeper
 * ensemble the executors register in, and {@code zk_path} needs the permission Aurora's executor took as
 * {@code --announcer-allow-custom-serverset-path} (Aurora's executor died on a zk_path it was not allowed). A job
 * this operator cannot announce is refused when it is admitted, never run without its announcement.
 *
 * @param ensemble        the operator hands executors a ZooKeeper ensemble ({@code --announcer-ensemble})
 * @param allowCustomPath executors may use {@code announce.zk_path}
 */
public record AnnounceAdmission(boolean ensemble, boolean allowCustomPath) {
  /** Null when the job may run, else why it may not, naming the field and the operator setting that allows it. */
  String refusal(JobSpec job) {
    JobSpec.Announcer announce = job.announce();
    if (announce == null) {
      return null;
    }
    if (!ensemble) {
      return "announce: this operator has no ZooKeeper ensemble to announce ServerSet members in; set"
          + " --announcer-ensemble (AURORA_ANNOUNCER_ENSEMBLE, chart value announcer.ensemble) to run jobs that"
          + " announce";
    }
    if (announce.zkPath() != null && !allowCustomPath) {
      return "announce.zk_path: a custom ServerSet path ('" + announce.zkPath() + "') is not allowed by this"
          + " operator; set --announcer-allow-custom-serverset-path true (chart value"
          + " announcer.allowCustomServersetPath) to allow it";
    }
    return null;
  }
}
