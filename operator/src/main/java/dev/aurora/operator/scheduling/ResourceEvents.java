package dev.aurora.operator.scheduling;

/** Where the core's {@link Action.Event}s go: Kubernetes Events on the AuroraJob a record belongs to. */
@FunctionalInterface
public interface ResourceEvents {
  /** For a core without a Kubernetes API (tests of the core alone): the log line is all. */
  ResourceEvents NONE = (ref, uid, event) -> { };

  /** Records {@code event} on the AuroraJob {@code ref} whose uid is {@code uid}; never throws. */
  void record(JobRef ref, String uid, Action.Event event);
}
