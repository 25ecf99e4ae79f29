package dev.aurora.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.JobKey;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.PlacementConstraint;
import dev.aurora.backend.TaskResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OfferMatcherTest {
  private static final ExecutorSettings EXECUTOR = ExecutorSettings.installed("/opt/aurora-executor.jar")
      .withResources(0.05, 32, 0);
  private final OfferMatcher matcher = new OfferMatcher(EXECUTOR);

  static LaunchRequest request(String job, int instance, double cpus, long mem, List<String> ports,
                               Map<String, String> constraints) throws Exception {
    JobKey key = new JobKey("r", "prod", job);
    return new LaunchRequest(key, instance, "r-prod-" + job + "-" + instance, new TaskResources(cpus, mem, 1, ports),
        PlacementConstraint.parse(constraints), "{}");
  }

  private static List<HostOffer> offers(org.apache.mesos.v1.Protos.Offer... offers) {
    List<HostOffer> list = new ArrayList<>();
    for (var o : offers) {
      list.add(new HostOffer(o));
    }
    return list;
  }

  @Test
  void packsSeveralTasksOfDifferentJobsIntoOneOfferCountingExecutorResources() throws Exception {
    List<LaunchRequest> pending = List.of(request("a", 0, 0.45, 100, List.of(), Map.of()),
        request("b", 0, 0.45, 100, List.of(), Map.of()), request("c", 0, 0.45, 100, List.of(), Map.of()));
    // 1.0 cpu holds two tasks of 0.45 + 0.05 executor cpus, not three.
    var result = matcher.match(offers(Offers.offer("a1", 1.0, 1000, 1, 0)), pending, new JobSpread());
    assertEquals(List.of("r-prod-a-0", "r-prod-b-0"),
        result.stream().map(a -> a.request().taskId()).collect(Collectors.toList()));
  }

  @Test
  void defaultSpreadingPutsOneInstanceOfAJobPerHost() throws Exception {
    List<LaunchRequest> pending = List.of(request("web", 0, 0.1, 10, List.of(), Map.of()),
        request("web", 1, 0.1, 10, List.of(), Map.of()), request("web", 2, 0.1, 10, List.of(), Map.of()));
    JobSpread spread = new JobSpread();
    var result = matcher.match(offers(Offers.offer("a1", 8, 8000, 1, 0), Offers.offer("a2", 8, 8000, 1, 0)),
        pending, spread);
    assertEquals(2, result.size());
    assertEquals(Set.of("a1", "a2"), result.stream().map(a -> a.offer().agentId()).collect(Collectors.toSet()));
    assertEquals(1, spread.count(new JobKey("r", "prod", "web"), "host", "a1.example"));
  }

  @Test
  void limitAndValueConstraintsUseAgentAttributes() throws Exception {
    List<LaunchRequest> pending = List.of(
        request("db", 0, 0.1, 10, List.of(), Map.of("rack", "limit:1", "host", "limit:5")),
        request("db", 1, 0.1, 10, List.of(), Map.of("rack", "limit:1", "host", "limit:5")),
        request("east", 0, 0.1, 10, List.of(), Map.of("zone", "east")),
        request("noteast", 0, 0.1, 10, List.of(), Map.of("zone", "!east")));
    var result = matcher.match(offers(Offers.offer("a1", 8, 8000, 1, 0, "rack", "r1", "zone", "east"),
        Offers.offer("a2", 8, 8000, 1, 0, "rack", "r1", "zone", "west")), pending, new JobSpread());
    Map<String, String> placed = result.stream().collect(Collectors.toMap(a -> a.request().taskId(),
        a -> a.offer().agentId()));
    assertEquals(Map.of("r-prod-db-0", "a1", "r-prod-east-0", "a1", "r-prod-noteast-0", "a2"), placed);
  }

  @Test
  void dedicatedHostsOnlyTakeDedicatedTasks() throws Exception {
    var dedicatedHost = offers(Offers.offer("a1", 8, 8000, 1, 0, "dedicated", "r/db"));
    assertTrue(matcher.match(dedicatedHost, List.of(request("x", 0, 0.1, 10, List.of(), Map.of())),
        new JobSpread()).isEmpty());
    assertEquals(1, matcher.match(dedicatedHost,
        List.of(request("y", 0, 0.1, 10, List.of(), Map.of("dedicated", "r/db"))), new JobSpread()).size());
  }

  @Test
  void namedPortsComeFromOfferedRangesWithoutReuse() throws Exception {
    List<LaunchRequest> pending = List.of(request("a", 0, 0.1, 10, List.of("http", "admin"), Map.of()),
        request("b", 0, 0.1, 10, List.of("http"), Map.of()), request("c", 0, 0.1, 10, List.of("http"), Map.of()));
    var result = matcher.match(offers(Offers.offer("a1", 8, 8000, 31000, 31002)), pending, new JobSpread());
    assertEquals(2, result.size());
    assertEquals(Map.of("http", 31000, "admin", 31001), result.get(0).ports());
    assertEquals(Map.of("http", 31002), result.get(1).ports());
  }

  private static LaunchRequest withConfig(LaunchRequest r, String tier, int gpus) {
    TaskResources res = r.resources();
    return new LaunchRequest(r.job(), r.instanceId(), r.taskId(),
        new TaskResources(res.cpus(), res.ramMb(), res.diskMb(), res.portNames(), gpus), r.constraints(),
        r.document(), new dev.aurora.backend.TaskConfig(tier, List.of(), null));
  }

  @Test
  void theRevocableTierUsesOnlyRevocableCpusAndOtherTiersOnlyFirmOnes() throws Exception {
    var firmOnly = Offers.offer("a1", 4, 1000, 1, 0);
    var revocable = Offers.offer("a2", 0.01, 1000, 1, 0).toBuilder()
        .addResources(Offers.scalar("cpus", 2).toBuilder().setRevocable(
            org.apache.mesos.v1.Protos.Resource.RevocableInfo.newBuilder())).build();
    LaunchRequest batch = withConfig(request("batch", 0, 1, 100, List.of(), Map.of()), "revocable", 0);
    LaunchRequest web = withConfig(request("web", 0, 1, 100, List.of(), Map.of()), "preferred", 0);

    assertEquals(List.of(), matcher.match(offers(firmOnly), List.of(batch), new JobSpread()),
        "no revocable CPUs, no place for the revocable tier");
    assertEquals(List.of(), matcher.match(offers(revocable), List.of(web), new JobSpread()),
        "revocable CPUs are not for the other tiers");
    var placed = matcher.match(offers(firmOnly, revocable), List.of(batch, web), new JobSpread());
    assertEquals(Map.of("r-prod-batch-0", "a2", "r-prod-web-0", "a1"), placed.stream().collect(Collectors.toMap(
        a -> a.request().taskId(), a -> a.offer().agentId())));
  }

  @Test
  void gpusMustBeOffered() throws Exception {
    LaunchRequest gpu = withConfig(request("gpu", 0, 1, 100, List.of(), Map.of()), "preemptible", 1);
    assertEquals(List.of(), matcher.match(offers(Offers.offer("a1", 4, 1000, 1, 0)), List.of(gpu), new JobSpread()));
    var withGpus = Offers.offer("a2", 4, 1000, 1, 0).toBuilder().addResources(Offers.scalar("gpus", 2)).build();
    assertEquals(1, matcher.match(offers(withGpus), List.of(gpu), new JobSpread()).size());
  }

  @Test
  void anAgentHeldForAPreemptingTaskTakesOnlyThatTaskEvenBehindOthersOfItsShape() throws Exception {
    LaunchRequest victimAgain = request("batch", 0, 0.5, 100, List.of(), Map.of());
    LaunchRequest preempting = request("web", 0, 0.5, 100, List.of(), Map.of());
    var freed = offers(Offers.offer("a1", 0.55, 1000, 1, 0));
    var placed = matcher.match(freed, List.of(victimAgain, preempting), new JobSpread(),
        (r, offer) -> r.taskId().equals(preempting.taskId()));
    assertEquals(List.of(preempting.taskId()), placed.stream().map(a -> a.request().taskId()).toList());
  }
}
