package dev.aurora.operator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aurora.operator.reconciler.AnnounceAdmission;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's announcer and setuid settings, and the executor flags they become. */
class ExecutorFlagsTest {
  private static OperatorSettings parse(Map<String, String> env, String... args) {
    return OperatorSettings.parse(args, env);
  }

  @Test
  void setuidIsOnForMesosAndOffForTheLocalBackendUnlessSet() {
    OperatorSettings mesos = parse(Map.of("AURORA_MESOS_MASTER", "m1:5050"));
    assertEquals(List.of(), ExecutorFlags.of(mesos));
    OperatorSettings local = parse(Map.of());
    assertEquals("local", local.backend());
    assertEquals(List.of("--nosetuid"), ExecutorFlags.of(local));
    assertEquals(List.of("--nosetuid"), ExecutorFlags.of(parse(Map.of("AURORA_MESOS_MASTER", "m1:5050",
        "AURORA_SETUID", "false"))));
    assertEquals(List.of(), ExecutorFlags.of(parse(Map.of(), "--setuid", "true")));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of("AURORA_SETUID", "yes")));
  }

  @Test
  void theAnnouncerSettingsReachTheExecutorAndAdmission() {
    OperatorSettings none = parse(Map.of("AURORA_MESOS_MASTER", "m1:5050"));
    assertEquals(new AnnounceAdmission(false, false), ExecutorFlags.admission(none));

    OperatorSettings zk = parse(Map.of("AURORA_MESOS_MASTER", "m1:5050",
        "AURORA_ANNOUNCER_ENSEMBLE", "zk1:2181,zk2:2181", "AURORA_ANNOUNCER_SERVERSET_PATH", "/services",
        "AURORA_ANNOUNCER_ALLOW_CUSTOM_SERVERSET_PATH", "true"));
    assertEquals(List.of("--announcer-ensemble", "zk1:2181,zk2:2181", "--announcer-serverset-path", "/services",
        "--announcer-allow-custom-serverset-path"), ExecutorFlags.of(zk));
    assertEquals(new AnnounceAdmission(true, true), ExecutorFlags.admission(zk));

    assertEquals(List.of("--announcer-ensemble", "zk:2181", "--announcer-serverset-path", "/aurora", "--nosetuid"),
        ExecutorFlags.of(parse(Map.of(), "--announcer-ensemble", "zk:2181")));
    assertThrows(IllegalArgumentException.class, () -> parse(Map.of(), "--announcer-serverset-path", "aurora"));
  }
}
