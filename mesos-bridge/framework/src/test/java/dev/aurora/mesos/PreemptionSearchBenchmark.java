package dev.aurora.mesos;

import dev.aurora.backend.JobKey;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.PlacementConstraint;
import dev.aurora.backend.TaskConfig;
import dev.aurora.backend.TaskResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark (a main, not part of {@code mvn test}): one preemption search, the work the framework's event loop does
 * every search interval, on a full cluster: M agents each running K preemptible tasks of mixed priorities, N pending
 * tasks (half production, half a higher priority of the victims' role). Prints a table of the search time and the
 * slots found, and writes the figures with the core count to {@code target/benchmarks/preemption-search.json}.
 *
 * <p>Arguments: {@code [agents=1000] [tasksPerAgent=8] [pending=1000] [rounds=20]}. Run it after
 * {@code mvn -o -q test-compile} from the module's directory with its test class path: {@code target/test-classes},
 * {@code target/classes}, {@code ../../backend-spi/target/classes} and the mesos, protobuf-java and jackson jars.
 */
public final class PreemptionSearchBenchmark {
  private PreemptionSearchBenchmark() {
  }

  public static void main(String[] args) throws IOException {
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
    int cores = Runtime.getRuntime().availableProcessors();
    double meanMs = total / 1e6 / measured;
    double bestMs = best / 1e6;
    System.out.printf(Locale.ROOT, "preemption search on %d cores (%d rounds after %d warm-up)%n", cores, measured,
        rounds / 2);
    System.out.printf(Locale.ROOT, "| agents | tasks per agent | pending | slots found | mean ms | best ms |%n");
    System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %.1f | %.1f |%n", agents, perAgent, pendingCount, slots,
        meanMs, bestMs);
    Path out = Path.of("target", "benchmarks", "preemption-search.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, String.format(Locale.ROOT, "{\"agents\": %d, \"tasksPerAgent\": %d, \"pending\": %d, "
        + "\"slots\": %d, \"meanMs\": %.2f, \"bestMs\": %.2f, \"rounds\": %d, \"cores\": %d}%n", agents, perAgent,
        pendingCount, slots, meanMs, bestMs, measured, cores));
    System.out.println("figures: " + out.toAbsolutePath());
  }

  private static LaunchRequest request(String job, int n, double cpus, String tier, int priority) {
    JobKey key = new JobKey("www", "prod", job);
    return new LaunchRequest(key, n, job + "-" + n, new TaskResources(cpus, 512, 1024, List.of("http")),
        PlacementConstraint.parse(Map.of()), "{}", new TaskConfig(tier, List.of(), null, priority));
  }
}
