package dev.aurora.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkIdStoreTest {
  @Test
  void fileStoreSurvivesANewInstanceAndClears(@TempDir Path dir) {
    Path file = dir.resolve("state/framework-id");
    new FileFrameworkIdStore(file).save("abc-0001");
    FileFrameworkIdStore reopened = new FileFrameworkIdStore(file);
    assertEquals(Optional.of("abc-0001"), reopened.load());
    reopened.clear();
    assertEquals(Optional.empty(), new FileFrameworkIdStore(file).load());
  }

  @Test
  void staticDetectorFollowsRedirectsAndRotatesOnFailure() {
    StaticMasterDetector d = StaticMasterDetector.parse("127.0.0.1:5050, http://m2:5050");
    assertEquals(URI.create("http://127.0.0.1:5050"), d.leader());
    d.redirected(URI.create("http://m3:5050"));
    assertEquals(URI.create("http://m3:5050"), d.leader());
    d.failed(URI.create("http://m3:5050"));
    assertEquals(URI.create("http://127.0.0.1:5050"), d.leader());
    d.failed(URI.create("http://127.0.0.1:5050"));
    assertEquals(URI.create("http://m2:5050"), d.leader());
  }

  @Test
  void masterSettingMayComeFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("masters");
    java.nio.file.Files.writeString(file, "m1:5050,m2:5050\n");
    assertEquals(URI.create("http://m1:5050"), MasterDetector.forMasters("file://" + file).leader());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> MasterDetector.forMasters("file://" + dir.resolve("missing")));
  }

  @Test
  void protocolRelativeLocationIsResolvedAgainstTheAskedMaster() {
    assertEquals(URI.create("http://leader:5051"),
        SchedulerClient.redirectTarget(URI.create("http://m1:5050"), "//leader:5051/api/v1/scheduler"));
    assertEquals(null, SchedulerClient.redirectTarget(URI.create("http://m1:5050"), ""));
  }
}
