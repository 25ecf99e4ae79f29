package dev.aurora.dsl.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.Configs;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.loader.JobKey;
import dev.aurora.testing.SharedCorpus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The typed records downstream modules read, and the stable content hash. */
class JobSpecTest {
  private static JobSpec corpusJob(String file, String key, String... bindings) {
    var result = AuroraConfigEvaluator.evaluate(new EvaluationRequest(SharedCorpus.examples().resolve(file).toString(),
        dev.aurora.dsl.loader.ConfigSources.fileSystem(), Configs.ENVIRONMENT, List.of(bindings), JobKey.parse(key)));
    assertTrue(result.ok(), () -> result.error().render());
    return result.jobs().get(0);
  }

  @Test
  void aServiceWithHealthChecksAndUpdates() {
    JobSpec web = corpusJob("http_service.aurora", "cluster1/www-data/prod/web");
    assertEquals(new JobKey("cluster1", "www-data", "prod", "web"), web.key());
    assertTrue(web.service());
    assertEquals(3, web.instances());
    assertEquals(new ResourcesSpec(0.5, 128L << 20, 64L << 20, 0), web.task().resources());
    assertEquals(128, web.task().resources().ramMb());
    assertEquals(List.of(List.of("install", "serve")), web.task().orderConstraints());
    assertEquals("cd www && exec python3 -m http.server {{thermos.ports[http]}}", web.task().processes().get(1).cmdline());
    assertEquals(new UpdateSpec(1, 10, 1, 1, true, false, null, false, null), web.update());
    assertEquals(new HealthCheckSpec(new HealthCheckSpec.HttpCheck("/health", "ok", 0), null, 5.0, 2.0, 3, 1, 1.0),
        web.healthCheck());
    assertEquals(new LifecycleSpec("health", "/quitquitquit", "/abortabortabort", 5, 5), web.lifecycle());
    assertEquals(new JobSpec.Executor("AuroraExecutor", ""), web.executor());
    assertNull(web.cron());
    assertEquals("preemptible", web.tier());
    assertFalse(web.production());
    assertNull(web.container());
  }

  @Test
  void requestedPortsOfTheCorpus() {
    assertEquals(List.of("http"), corpusJob("http_service.aurora", "cluster1/www-data/prod/web").requestedPorts());
    assertEquals(List.of(), corpusJob("cron_batch.aurora", "cluster1/analytics/prod/nightly_report").requestedPorts());
  }

  /** Aurora's e2e http_example: an alias is allocated once, as its target; the default Announcer asks for 'http'. */
  @Test
  void requestedPortsFollowTheAnnouncePortmap() {
    String processes = "p = Process(name='p', cmdline='echo {{thermos.ports[tcp]}} {{thermos.ports[http]}}"
        + " {{thermos.ports[alias]}} {{thermos.ports[health]}}')\n";
    String job = "jobs = [Service(cluster='c', role='r', environment='prod', name='j', task=Task(name='t',"
        + " processes=[p], resources=Resources(cpu=1, ram=16*MB, disk=16*MB))%s)]\n";
    assertEquals(List.of("tcp", "http", "health"),
        dev.aurora.dsl.Configs.job(processes + job.formatted(", announce=Announcer(portmap={'alias': 'http'})"), null)
            .requestedPorts());
    assertEquals(List.of("tcp", "http", "alias"),
        dev.aurora.dsl.Configs.job(processes + job.formatted(", announce=Announcer(portmap={'health': 'http'})"), null)
            .requestedPorts());
    assertEquals(List.of("tcp", "http", "alias", "health"),
        dev.aurora.dsl.Configs.job(processes + job.formatted(", announce=Announcer()"), null).requestedPorts());
    assertEquals(List.of("tcp", "alias", "health"), dev.aurora.dsl.Configs.job(processes + job.formatted(
        ", announce=Announcer(portmap={'http': '80'}), constraints={'dedicated': 'r/x'}"), null).requestedPorts());
  }

  @Test
  void aCronJob() {
    JobSpec nightly = corpusJob("cron_batch.aurora", "cluster1/analytics/prod/nightly_report");
    assertEquals(new JobSpec.Cron("15 2 * * *", "CANCEL_NEW"), nightly.cron());
    assertEquals(2, nightly.maxTaskFailures());
    ProcessSpec cleanup = nightly.task().processes().get(2);
    assertTrue(cleanup.isFinal());
    assertEquals(15, nightly.task().finalizationWaitSecs());
    assertEquals(3, nightly.task().processes().get(0).maxFailures());
  }

  @Test
  void containersMetadataAndPolicies() {
    JobSpec job = Configs.job("jobs = [Job(cluster='c', role='r', environment='prod', name='n',"
        + " task=SimpleTask(name='n', command='true'), metadata=[Metadata(key='team', value='core')],"
        + " container=Mesos(image=DockerImage(name='debian', tag='slim'), volumes=[Volume(container_path='/data',"
        + " host_path='/srv', mode=Mode('RO'))]), constraints={'rack': '!r1,r2'}, tier='preferred',"
        + " partition_policy=PartitionPolicy(reschedule=False, delay_secs=30),"
        + " sla_policy=CountSlaPolicy(count=1, duration_secs=60), instances=25,"
        + " update_config=UpdateConfig(update_strategy=VariableBatchUpdateStrategy(batch_sizes=[1, 2])))]\n", null);
    assertEquals(List.of(new JobSpec.Metadata("team", "core")), job.metadata());
    assertEquals(new ContainerSpec(ContainerSpec.Kind.MESOS, null, List.of(),
        new ContainerSpec.Image("docker", "debian", "slim"), List.of(new ContainerSpec.Volume("/data", "/srv", "RO"))),
        job.container());
    assertEquals(Map.of("rack", "!r1,r2"), job.constraints());
    assertEquals("preferred", job.tier());
    assertTrue(job.production(), "the preferred tier is production");
    assertFalse(CanonicalJson.parse(job.jobJson()).get("production").asBoolean(), "the JSON keeps the config's value");
    assertEquals(new JobSpec.PartitionPolicy(false, 30), job.partitionPolicy());
    assertEquals(new JobSpec.SlaPolicy("count", 1, null, 60, null, null), job.slaPolicy());
    assertEquals(new UpdateSpec.Strategy(UpdateSpec.Kind.VARIABLE_BATCH, List.of(1, 2), false), job.update().strategy());
    assertThrows(UnsupportedOperationException.class, () -> job.metadata().add(new JobSpec.Metadata("a", "b")));

    JobSpec docker = Configs.job("jobs = [Job(cluster='c', role='r', environment='prod', name='n',"
        + " task=SimpleTask(name='n', command='true'), container=Docker(image='python:3',"
        + " parameters=[Parameter(name='env', value='A=1')]))]\n", null);
    assertEquals(ContainerSpec.Kind.DOCKER, docker.container().kind());
    assertEquals("python:3", docker.container().dockerImage());
    assertEquals(List.of(new ContainerSpec.Parameter("env", "A=1")), docker.container().dockerParameters());
  }

  @Test
  void theContentHashIsStableAndFollowsContent() {
    JobSpec first = corpusJob("tutorial_typical.aurora", "cluster1/myteam/prod/application");
    JobSpec again = corpusJob("tutorial_typical.aurora", "cluster1/myteam/prod/application");
    JobSpec otherCluster = corpusJob("tutorial_typical.aurora", "cluster2/myteam/prod/application");
    assertEquals(first.contentHash(), again.contentHash());
    assertEquals(64, first.contentHash().length());
    assertEquals(CanonicalJson.sha256(first.jobJson()), first.contentHash());
    assertNotEquals(first.contentHash(), otherCluster.contentHash());
    assertEquals(first, again);
  }

  @Test
  void executorDataLeavesOutWhatTheSchedulerStrips() {
    JobSpec job = corpusJob("http_service.aurora", "cluster1/www-data/prod/web");
    JsonNode full = CanonicalJson.parse(job.jobJson());
    JsonNode data = CanonicalJson.parse(job.executorDataJson());
    assertTrue(full.has("update_config") && full.has("instances"));
    assertFalse(data.has("update_config") || data.has("instances"));
    assertEquals(full.get("task"), data.get("task"));
  }

  @Test
  void canonicalJsonSortsKeysAtEveryLevel() {
    assertEquals("{\"a\":{\"x\":1,\"y\":[{\"b\":2,\"c\":1}]},\"b\":1}",
        CanonicalJson.write(CanonicalJson.parse("{\"b\":1,\"a\":{\"y\":[{\"c\":1,\"b\":2}],\"x\":1}}")));
  }
}
