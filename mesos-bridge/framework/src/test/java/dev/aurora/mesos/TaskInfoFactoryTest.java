package dev.aurora.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.backend.AssignedTask;
import dev.aurora.backend.LaunchRequest;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

class TaskInfoFactoryTest {
  @Test
  void buildsAValidTaskWithBoundDataAndAFetchedExecutor() throws Exception {
    var job = new ObjectMapper().readTree("{\"role\":\"www-data\",\"environment\":\"prod\",\"name\":\"web\","
        + "\"instances\":3,\"update_config\":{\"batch_size\":1},"
        + "\"task\":{\"resources\":{\"cpu\":0.5,\"ram\":134217728,\"disk\":67108864},"
        + "\"processes\":[{\"cmdline\":\"serve {{thermos.ports[http]}} on {{mesos.hostname}}/{{mesos.instance}}\"}]}}");
    LaunchRequest request = LaunchRequest.forInstance(job, 2);
    ExecutorSettings settings = ExecutorSettings.fetched("http://files/aurora-executor.jar");
    HostOffer offer = new HostOffer(Offers.offer("a1", 4, 4096, 31000, 31010));
    TaskInfo info = new TaskInfoFactory(settings).build(request, offer, Map.of("http", 31000), "fw-1");

    assertTrue(info.isInitialized());
    assertEquals(request.taskId(), info.getTaskId().getValue());
    assertEquals("a1", info.getAgentId().getValue());
    AssignedTask data = AssignedTask.fromJsonBytes(info.getData().toByteArray());
    assertEquals(2, data.instanceId());
    assertEquals("a1.example", data.hostname());
    assertEquals(Map.of("http", 31000), data.ports());
    assertEquals("serve 31000 on a1.example/2", data.job().at("/task/processes/0/cmdline").asText());
    assertFalse(data.job().has("instances"));
    assertFalse(data.job().has("update_config"));

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
    LaunchRequest request = LaunchRequest.forInstance(new ObjectMapper().readTree("{\"role\":\"r\","
        + "\"environment\":\"e\",\"name\":\"n\",\"task\":{\"resources\":{\"cpu\":1,\"ram\":1048576,"
        + "\"disk\":1048576}}}"), 0);
    CommandInfo command = new TaskInfoFactory(settings).build(request, new HostOffer(Offers.offer("a1", 4, 4096, 1, 0)),
        Map.of(), "fw").getExecutor().getCommand();
    assertTrue(command.getValue().startsWith("exec /usr/lib/jvm/17/bin/java "), command.getValue());
    assertEquals(0, command.getUrisCount());
    assertEquals("AURORA_HTTP_SIGNALER_TIMEOUT_SECS", command.getEnvironment().getVariables(0).getName());
  }

  @Test
  void theExecutorsOwnFlagsFollowItsCommandQuoted() throws Exception {
    ExecutorSettings settings = ExecutorSettings.installed("/opt/x.jar").withExecutorArgs(List.of(
        "--announcer-ensemble", "zk1:2181,zk2:2181", "--announcer-serverset-path", "/a b", "--nosetuid"));
    LaunchRequest request = LaunchRequest.forInstance(new ObjectMapper().readTree("{\"role\":\"r\","
        + "\"environment\":\"e\",\"name\":\"n\",\"task\":{\"resources\":{\"cpu\":1,\"ram\":1048576,"
        + "\"disk\":1048576}}}"), 0);
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
