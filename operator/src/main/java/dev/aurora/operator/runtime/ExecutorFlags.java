package dev.aurora.operator.runtime;

import dev.aurora.operator.reconciler.AnnounceAdmission;
import java.util.ArrayList;
import java.util.List;

/** The operator's executor settings as the executor's own flags (the Thermos executor's, see its README). */
public final class ExecutorFlags {
  private ExecutorFlags() {}

  /** Flags that follow {@code executor} or {@code run-task} on every executor's command line. */
  public static List<String> of(OperatorSettings settings) {
    List<String> flags = new ArrayList<>();
    if (settings.announcerEnsemble() != null) {
      flags.addAll(List.of("--announcer-ensemble", settings.announcerEnsemble(), "--announcer-serverset-path",
          settings.announcerServersetPath()));
      if (settings.announcerAllowCustomPath()) {
        flags.add("--announcer-allow-custom-serverset-path");
      }
    }
    if (!settings.setuid()) {
      flags.add("--nosetuid");
    }
    return flags;
  }

  /** What admission checks against, from the same settings the executors get. */
  public static AnnounceAdmission admission(OperatorSettings settings) {
    return new AnnounceAdmission(settings.announcerEnsemble() != null, settings.announcerAllowCustomPath());
  }
}
