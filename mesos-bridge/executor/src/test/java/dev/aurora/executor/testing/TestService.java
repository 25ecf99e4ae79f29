package dev.aurora.executor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The python HTTP service used as a task's process in health-check and lifecycle tests. */
public final class TestService {
  private TestService() {}

  /** Copies {@code test_service.py} into {@code sandbox} (creating it) so a process can run it. */
  public static void install(Path sandbox) throws IOException {
    Files.createDirectories(sandbox);
    try (InputStream in = TestService.class.getResourceAsStream("/servers/test_service.py")) {
      Files.copy(in, sandbox.resolve("test_service.py"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Command line running the service on the task's {@code health} port. */
  public static String cmdline(String healthBody, String... exitOn) {
    return "exec python3 test_service.py {{thermos.ports[health]}} " + healthBody + " " + String.join(" ", exitOn);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
