package dev.aurora.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.AssignedTask;
import dev.aurora.backend.JobKey;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.PlacementConstraint;
import dev.aurora.backend.TaskIds;
import dev.aurora.backend.TaskResources;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

class TaskInfoFactoryTest {
  @Test
  void buildsAValidTaskWithTheUnboundDocumentAndAFetchedExecutor() throws Exception {
    String document = "{\"role\":\"www-data\",\"environment\":\"prod\",\"name\":\"web\","
        + "\"task\":{\"resources\":{\"cpu\":0.5,\"ram\":134217728,\"disk\":67108864},"
        + "\"processes\":[{\"cmdline\":\"serve {{thermos.ports[http]}} on {{mesos.hostname}}/{{mesos.instance}}\"}]}}";
    LaunchRequest request = request(2, new TaskResources(0.5, 128, 64, List.of("http")), document);
    ExecutorSettings settings = ExecutorSettings.fetched("http://files/aurora-executor.jar");
    HostOffer offer = new HostOffer(Offers.offer("a1", 4, 4096, 31000, 31010));
    TaskInfo info = new TaskInfoFactory(settings).build(request, offer, Map.of("http", 31000), "fw-1");

    assertTrue(info.isInitialized());
    assertEquals(request.taskId(), info.getTaskId().getValue());
    assertEquals("a1", info.getAgentId().getValue());
    AssignedTask data = AssignedTask.parse(info.getData().toStringUtf8());
    assertEquals(2, data.instanceId());
    assertEquals("a1.example", data.hostname());
    assertEquals(Map.of("http", 31000), data.ports());
    assertEquals(document, data.job()); // the executor binds; the framework passes the document on untouched

    ExecutorInfo executor = info.getExecutor();
    assertEquals(ExecutorInfo.Type.CUSTOM, executor.getType());
    assertEquals("aurora-" + request.taskId(), executor.getExecutorId().getValue());
    CommandInfo.URI uri = executor.getCommand().getUris(0);
    assertEquals("http://files/aurora-executor.jar", uri.getValue());
    assertFalse(uri.getExecutable());
    assertFalse(uri.getExtract());
    assertTrue(uri.getCache());
    assertEquals("aurora-executor.jar", uri.getOutputFile());
    assertEquals("exec java -Xmx48m -XX:+UseSerialGC -Xss512k -jar aurora-executor.jar executor",
        executor.getCommand().getValue());
    double taskCpus = info.getResourcesList().stream().filter(r -> r.getName().equals("cpus"))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
    assertEquals(0.5, taskCpus);
    assertEquals(31000, info.getResourcesList().stream().filter(r -> r.getName().equals("ports")).findFirst()
        .orElseThrow().getRanges().getRange(0).getBegin());
    assertEquals("*", info.getResources(0).getAllocationInfo().getRole());
  }

  @Test
  void executorEnvironmentAndJavaCommandAreConfigurable() throws Exception {
    ExecutorSettings settings = ExecutorSettings.installed("/opt/x.jar").withJavaCommand("/usr/lib/jvm/17/bin/java")
        .withEnvironment(Map.of("AURORA_HTTP_SIGNALER_TIMEOUT_SECS", "2"));
    LaunchRequest request = request(0, new TaskResources(1, 1, 1, List.of()), "{\"role\":\"r\"}");
    CommandInfo command = new TaskInfoFactory(settings).build(request, new HostOffer(Offers.offer("a1", 4, 4096, 1, 0)),
        Map.of(), "fw").getExecutor().getCommand();
    assertTrue(command.getValue().startsWith("exec /usr/lib/jvm/17/bin/java "), command.getValue());
    assertEquals(0, command.getUrisCount());
    assertEquals("AURORA_HTTP_SIGNALER_TIMEOUT_SECS", command.getEnvironment().getVariables(0).getName());
  }

  private static LaunchRequest request(int instance, TaskResources resources, String document) {
    JobKey key = new JobKey("www-data", "prod", "web");
    return new LaunchRequest(key, instance, TaskIds.newTaskId(key, instance), resources,
        PlacementConstraint.parse(Map.of()), document);
  }

  @Test
  void theExecutorsOwnFlagsFollowItsCommandQuoted() throws Exception {
    ExecutorSettings settings = ExecutorSettings.installed("/opt/x.jar").withExecutorArgs(List.of(
        "--announcer-ensemble", "zk1:2181,zk2:2181", "--announcer-serverset-path", "/a b", "--nosetuid"));
    LaunchRequest request = request(0, new TaskResources(1, 1, 1, List.of()), "{\"role\":\"r\"}");
    CommandInfo command = new TaskInfoFactory(settings).build(request, new HostOffer(Offers.offer("a1", 4, 4096, 1, 0)),
        Map.of(), "fw").getExecutor().getCommand();
    assertEquals("exec java -Xmx48m -XX:+UseSerialGC -Xss512k -jar /opt/x.jar executor --announcer-ensemble"
        + " zk1:2181,zk2:2181 --announcer-serverset-path '/a b' --nosetuid", command.getValue());
  }

  @Test
  void installedJarIsRunFromItsPathAndQuoted() {
    assertEquals("exec java -Xmx48m -XX:+UseSerialGC -Xss512k -jar '/opt/my jars/x.jar' executor",
        ExecutorSettings.installed("/opt/my jars/x.jar").shellCommand());
  }
}
