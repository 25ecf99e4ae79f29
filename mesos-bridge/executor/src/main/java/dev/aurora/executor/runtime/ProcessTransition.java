package dev.aurora.executor.runtime;

import java.time.Instant;

/**
 * One state change of one run of a process.
 *
 * @param pid      the run's bash (and process group) id, 0 when it never forked
 * @param exitCode the exit status for terminal states (128+n when the shell died of signal n), else null
 */
public record ProcessTransition(Instant at, String process, int run, ProcessState state, long pid, Integer exitCode,
    String message) {}
