package dev.aurora.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.backend.JobKey;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.PlacementConstraint;
import dev.aurora.backend.TaskConfig;
import dev.aurora.backend.TaskResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The preemptor's search, pure: pending tasks and agents with what is unused and what runs there in, victims out. */
class PreemptorTest {
  private static final ExecutorSettings EXECUTOR = ExecutorSettings.installed("/opt/aurora-executor.jar")
      .withResources(0.25, 128, 0);
  private final Preemptor preemptor = new Preemptor(EXECUTOR);
  private int ids;

  /** A task of role/job with cpus and MB of memory (plus the executor's 0.25 cpus and 128 MB), in a tier. */
  private LaunchRequest task(String role, String job, double cpus, long mem, String tier, int priority,
                             Map<String, String> constraints) {
    return new LaunchRequest(new JobKey(role, "prod", job), 0, role + "-" + job + "-" + (ids++),
        new TaskResources(cpus, mem, 1, List.of()), PlacementConstraint.parse(constraints), "{}",
        new TaskConfig(tier, List.of(), null, priority));
  }

  private LaunchRequest task(String role, String job, double cpus, String tier, int priority) {
    return task(role, job, cpus, 256, tier, priority, Map.of());
  }

  private static Preemptor.Agent agent(String id, double unusedCpus, double unusedMem, String... attributes) {
    Map<String, Set<String>> attrs = new HashMap<>();
    for (int i = 0; i < attributes.length; i += 2) {
      attrs.put(attributes[i], Set.of(attributes[i + 1]));
    }
    attrs.put("host", Set.of(id));
    return new Preemptor.Agent(id, id, attrs, new ResourceBag(unusedCpus, unusedMem, 1000, 100, 0));
  }

  private static Preemptor.Victim on(String agentId, LaunchRequest running) {
    return new Preemptor.Victim(running.taskId(), agentId, running);
  }

  private static List<String> victimIds(Optional<List<Preemptor.Victim>> victims) {
    return victims.orElseThrow().stream().map(Preemptor.Victim::taskId).toList();
  }

  // ---- who may preempt whom (AURORA.md §7.5)

  @Test
  void aProductionTaskMayPreemptPreemptibleTasksOfAnyRoleAtAnyPriority() {
    LaunchRequest prod = task("alpha", "web", 1, "preferred", 0);
    assertTrue(Preemptor.mayPreempt(prod, task("alpha", "batch", 1, "preemptible", 0)));
    assertTrue(Preemptor.mayPreempt(prod, task("beta", "batch", 1, "preemptible", 99)));
    assertTrue(Preemptor.mayPreempt(prod, task("beta", "spare", 1, "revocable", 99)), "revocable is preemptible");
  }

  @Test
  void betweenTiersOfTheSameFlagOnlyAHigherPriorityOfTheSameRolePreempts() {
    LaunchRequest high = task("alpha", "high", 1, "preemptible", 5);
    assertTrue(Preemptor.mayPreempt(high, task("alpha", "low", 1, "preemptible", 4)));
    assertTrue(Preemptor.mayPreempt(high, task("alpha", "spare", 1, "revocable", 0)), "same preemptible flag");
    assertFalse(Preemptor.mayPreempt(high, task("alpha", "same", 1, "preemptible", 5)), "equal priority");
    assertFalse(Preemptor.mayPreempt(high, task("alpha", "higher", 1, "preemptible", 6)));
    assertFalse(Preemptor.mayPreempt(high, task("beta", "low", 1, "preemptible", 0)), "another role");

    LaunchRequest prodHigh = task("alpha", "prod-high", 1, "preferred", 5);
    assertTrue(Preemptor.mayPreempt(prodHigh, task("alpha", "prod-low", 1, "preferred", 1)));
    assertFalse(Preemptor.mayPreempt(prodHigh, task("beta", "prod-low", 1, "preferred", 1)), "another role");
    assertFalse(Preemptor.mayPreempt(prodHigh, task("alpha", "prod-same", 1, "preferred", 5)));
  }

  @Test
  void aPreemptibleTaskNeverPreemptsAProductionOneWhateverItsPriority() {
    assertFalse(Preemptor.mayPreempt(task("alpha", "batch", 1, "preemptible", 100),
        task("alpha", "web", 1, "preferred", 0)));
  }

  // ---- victims on one agent

  @Test
  void takesTheLargestEligibleVictimsUntilTheTaskFitsCountingWhatIsUnused() {
    LaunchRequest prod = task("alpha", "web", 1.5, "preferred", 0); // needs 1.75 cpus with the executor
    LaunchRequest small = task("beta", "a", 0.25, "preemptible", 0); // frees 0.5
    LaunchRequest big = task("beta", "b", 1.0, "preemptible", 0); // frees 1.25
    LaunchRequest other = task("beta", "c", 0.5, "preferred", 0); // production: not a victim
    var victims = preemptor.victimsOn(prod, agent("a1", 0.5, 4000),
        List.of(on("a1", small), on("a1", big), on("a1", other)), new JobSpread());
    assertEquals(List.of(big.taskId()), victimIds(victims), "0.5 unused + 1.25 freed covers 1.75");

    var two = preemptor.victimsOn(prod, agent("a1", 0.1, 4000), List.of(on("a1", small), on("a1", big)),
        new JobSpread());
    assertEquals(List.of(big.taskId(), small.taskId()), victimIds(two), "largest first, then the next");
  }

  @Test
  void amongEqualVictimsTheLowestPriorityGoesFirst() {
    LaunchRequest high = task("alpha", "high", 1, "preemptible", 9);
    LaunchRequest p3 = task("alpha", "p3", 1, "preemptible", 3);
    LaunchRequest p1 = task("alpha", "p1", 1, "preemptible", 1);
    var victims = preemptor.victimsOn(high, agent("a1", 0, 4000), List.of(on("a1", p3), on("a1", p1)),
        new JobSpread());
    assertEquals(List.of(p1.taskId()), victimIds(victims));
  }

  @Test
  void nothingIsPreemptedWhenTheTaskWouldStillNotFit() {
    LaunchRequest prod = task("alpha", "web", 3, "preferred", 0);
    var victims = preemptor.victimsOn(prod, agent("a1", 0, 4000),
        List.of(on("a1", task("beta", "a", 1, "preemptible", 0)), on("a1", task("beta", "b", 1, "preemptible", 0))),
        new JobSpread());
    assertTrue(victims.isEmpty(), "2.5 cpus freed cannot hold 3.25");

    LaunchRequest memoryHungry = task("alpha", "db", 0.5, 8000, "preferred", 0, Map.of());
    assertTrue(preemptor.victimsOn(memoryHungry, agent("a1", 0, 4000),
        List.of(on("a1", task("beta", "a", 1, "preemptible", 0))), new JobSpread()).isEmpty(), "memory short");
  }

  @Test
  void aTaskThatFitsAlreadyPreemptsNothing() {
    LaunchRequest prod = task("alpha", "web", 1, "preferred", 0);
    assertEquals(Optional.of(List.of()), preemptor.victimsOn(prod, agent("a1", 2, 4000),
        List.of(on("a1", task("beta", "a", 1, "preemptible", 0))), new JobSpread()));
    assertTrue(preemptor.search(List.of(prod), List.of(agent("a1", 2, 4000)),
        List.of(on("a1", task("beta", "a", 1, "preemptible", 0))), new JobSpread()).isEmpty());
  }

  @Test
  void theTasksConstraintsMustHoldOnTheAgent() {
    LaunchRequest victim = task("beta", "a", 2, "preemptible", 0);
    LaunchRequest rackA = task("alpha", "web", 1, 256, "preferred", 0, Map.of("rack", "a"));
    assertTrue(preemptor.victimsOn(rackA, agent("a1", 0, 4000, "rack", "b"), List.of(on("a1", victim)),
        new JobSpread()).isEmpty());
    assertEquals(List.of(victim.taskId()), victimIds(preemptor.victimsOn(rackA, agent("a1", 0, 4000, "rack", "a"),
        List.of(on("a1", victim)), new JobSpread())));

    // host: limit:1 (the default) with an instance of the job already on the host
    LaunchRequest web = task("alpha", "web", 1, "preferred", 0);
    JobSpread spread = new JobSpread();
    spread.add(web.job(), Map.of("host", Set.of("a1")));
    assertTrue(preemptor.victimsOn(web, agent("a1", 0, 4000), List.of(on("a1", victim)), spread).isEmpty());

    // dedicated hosts take only tasks that asked for them
    assertTrue(preemptor.victimsOn(web, agent("a1", 0, 4000, "dedicated", "alpha/db"), List.of(on("a1", victim)),
        new JobSpread()).isEmpty());
  }

  @Test
  void aRevocableVictimsCpusAreNotCountedAsFreed() {
    LaunchRequest prod = task("alpha", "web", 1, "preferred", 0);
    LaunchRequest spare = task("beta", "spare", 4, "revocable", 0);
    assertTrue(preemptor.victimsOn(prod, agent("a1", 0, 4000), List.of(on("a1", spare)), new JobSpread()).isEmpty());
    assertEquals(List.of(spare.taskId()), victimIds(preemptor.victimsOn(prod, agent("a1", 1.5, 0),
        List.of(on("a1", spare)), new JobSpread())), "its memory still counts");
  }

  // ---- the search across agents

  @Test
  void picksTheAgentWithTheFewestVictimsThenTheLowestPriorities() {
    LaunchRequest high = task("alpha", "high", 1.5, "preemptible", 9);
    List<Preemptor.Victim> running = new ArrayList<>();
    running.add(on("a1", task("alpha", "s1", 0.5, "preemptible", 0)));
    running.add(on("a1", task("alpha", "s2", 0.5, "preemptible", 0)));
    LaunchRequest p5 = task("alpha", "b5", 1.5, "preemptible", 5);
    running.add(on("a2", p5));
    LaunchRequest p2 = task("alpha", "b2", 1.5, "preemptible", 2);
    running.add(on("a3", p2));
    var proposals = preemptor.search(List.of(high), List.of(agent("a1", 0, 4000), agent("a2", 0, 4000),
        agent("a3", 0, 4000)), running, new JobSpread());
    assertEquals(1, proposals.size());
    assertEquals("a3", proposals.get(0).agent().agentId());
    assertEquals(List.of(p2.taskId()), proposals.get(0).victims().stream().map(Preemptor.Victim::taskId).toList());
  }

  @Test
  void anAgentServesOnePendingTaskPerSearch() {
    LaunchRequest web0 = task("alpha", "web", 1, "preferred", 0);
    LaunchRequest db0 = task("alpha", "db", 1, "preferred", 0);
    LaunchRequest db1 = task("alpha", "db2", 1, "preferred", 0);
    List<Preemptor.Victim> running = List.of(on("a1", task("beta", "x", 1, "preemptible", 0)),
        on("a1", task("beta", "y", 1, "preemptible", 0)), on("a2", task("beta", "z", 1, "preemptible", 0)));
    var proposals = preemptor.search(List.of(web0, db0, db1), List.of(agent("a1", 0, 4000), agent("a2", 0, 4000)),
        running, new JobSpread());
    assertEquals(List.of(web0.taskId(), db0.taskId()),
        proposals.stream().map(p -> p.pending().taskId()).toList(), "two agents, two slots; the third waits");
    assertEquals(2, proposals.stream().map(p -> p.agent().agentId()).distinct().count());
  }

  @Test
  void aLowerPriorityTaskOfAnotherRoleFindsNoSlot() {
    LaunchRequest other = task("beta", "batch", 1, "preemptible", 0);
    var proposals = preemptor.search(List.of(other), List.of(agent("a1", 0, 4000)),
        List.of(on("a1", task("alpha", "batch", 1, "preemptible", 5))), new JobSpread());
    assertTrue(proposals.isEmpty());
  }

  @Test
  void onlyTasksPendingForTheDelayMayPreempt() {
    LaunchRequest old = task("alpha", "old", 1, "preferred", 0);
    LaunchRequest young = task("alpha", "young", 1, "preferred", 0);
    LaunchRequest unknown = task("alpha", "unknown", 1, "preferred", 0);
    long now = Duration.ofHours(1).toNanos();
    Map<String, Long> since = Map.of(old.taskId(), now - Duration.ofMinutes(3).toNanos(),
        young.taskId(), now - Duration.ofMinutes(3).minusMillis(1).toNanos());
    assertEquals(List.of(old), Preemptor.idle(List.of(old, young, unknown), since, now, Duration.ofMinutes(3)));
  }

  @Test
  void revocableTasksNeverPreempt() {
    LaunchRequest spare = task("alpha", "spare", 1, "revocable", 9);
    assertTrue(preemptor.victimsOn(spare, agent("a1", 0, 4000),
        List.of(on("a1", task("alpha", "low", 2, "preemptible", 0))), new JobSpread()).isEmpty());
  }
}
