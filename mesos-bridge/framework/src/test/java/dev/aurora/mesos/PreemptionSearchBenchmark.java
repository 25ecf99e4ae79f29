package dev.aurora.mesos;

import dev.aurora.backend.JobKey;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.PlacementConstraint;
import dev.aurora.backend.TaskConfig;
import dev.aurora.backend.TaskResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark (a main, not part of {@code mvn test}): one preemption search, the work the framework's event loop does
 * every search interval, on a full cluster: M agents each running K preemptible tasks of mixed priorities, N pending
 * tasks (half production, half a higher priority of the victims' role). Prints the search time and the slots found.
 *
 * <p>Arguments: {@code [agents=1000] [tasksPerAgent=8] [pending=1000] [rounds=20]}. Run it after
 * {@code mvn -o -q -pl mesos-bridge/framework test-compile} with
 * {@code java -cp mesos-bridge/framework/target/test-classes:mesos-bridge/framework/target/classes:<backend-spi
 * classes> dev.aurora.mesos.PreemptionSearchBenchmark}.
 */
public final class PreemptionSearchBenchmark {
  private PreemptionSearchBenchmark() {
  }

  public static void main(String[] args) {
    int agents = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int perAgent = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int pendingCount = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
    ExecutorSettings executor = ExecutorSettings.installed("/opt/aurora-executor.jar");
    Preemptor preemptor = new Preemptor(executor);

    List<Preemptor.Agent> agentList = new ArrayList<>();
    List<Preemptor.Victim> running = new ArrayList<>();
    for (int a = 0; a < agents; a++) {
      String id = String.format("agent-%04d", a);
      agentList.add(new Preemptor.Agent(id, id, Map.of("host", Set.of(id), "rack", Set.of("r" + (a % 20))),
          new ResourceBag(0.1, 256, 10_000, 100, 0)));
      for (int t = 0; t < perAgent; t++) {
        running.add(new Preemptor.Victim(id + "-t" + t, id,
            request("batch" + (t % 4), a * perAgent + t, 0.5 + 0.25 * (t % 3), "preemptible", t % 5)));
      }
    }
    List<LaunchRequest> pending = new ArrayList<>();
    for (int p = 0; p < pendingCount; p++) {
      pending.add(p % 2 == 0 ? request("web", p, 2, "preferred", 0) : request("urgent", p, 1, "preemptible", 9));
    }

    int slots = 0;
    long best = Long.MAX_VALUE;
    long total = 0;
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      slots = preemptor.search(pending, agentList, running, new JobSpread()).size();
      long took = System.nanoTime() - start;
      if (r >= rounds / 2) { // the second half, after warm-up
        best = Math.min(best, took);
        total += took;
      }
    }
    int measured = rounds - rounds / 2;
    System.out.printf(Locale.ROOT, "preemption search: %d agents x %d tasks, %d pending: %d slots found; "
        + "%.1f ms mean, %.1f ms best (%d rounds after %d warm-up)%n", agents, perAgent, pendingCount, slots,
        total / 1e6 / measured, best / 1e6, measured, rounds / 2);
  }

  private static LaunchRequest request(String job, int n, double cpus, String tier, int priority) {
    JobKey key = new JobKey("www", "prod", job);
    return new LaunchRequest(key, n, job + "-" + n, new TaskResources(cpus, 512, 1024, List.of("http")),
        PlacementConstraint.parse(Map.of()), "{}", new TaskConfig(tier, List.of(), null, priority));
  }
}
