package dev.aurora.operator.backend.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalBackendSettingsTest {
  @Test
  void aJarRunsWithTheLaunchersExecutorFlags() {
    Path jar = Path.of("/opt/aurora/aurora-executor.jar");
    List<String> command = LocalBackendSettings.forJar(Path.of("/tmp/tasks"), jar).executorCommand();

    assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), command.get(0));
    assertEquals(LocalBackendSettings.EXECUTOR_JVM_FLAGS, command.subList(1, command.size() - 2));
    assertEquals(List.of("-jar", jar.toString()), command.subList(command.size() - 2, command.size()));
  }

  @Test
  void theDefaultJarIsTheOneASourceCheckoutBuilds() {
    String previousJar = System.clearProperty("aurora.executor.jar");
    String previousHome = System.setProperty("aurora.home", "/src/aurora-operator");
    try {
      assertEquals(Path.of("/src/aurora-operator/mesos-bridge/executor/target/aurora-executor.jar"),
          LocalBackendSettings.defaultExecutorJar());
      System.setProperty("aurora.executor.jar", "/elsewhere/executor.jar");
      assertEquals(Path.of("/elsewhere/executor.jar"), LocalBackendSettings.defaultExecutorJar());
    } finally {
      restore("aurora.executor.jar", previousJar);
      restore("aurora.home", previousHome);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
