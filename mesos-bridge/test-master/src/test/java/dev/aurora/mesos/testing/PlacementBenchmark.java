package dev.aurora.mesos.testing;

import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import dev.aurora.mesos.FrameworkStats;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.MesosFramework;
import dev.aurora.mesos.StaticMasterDetector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos;

/**
 * Benchmark (a main, not part of {@code mvn test}): places N pending single-instance tasks on M simulated agents of
 * the in-test master (scripted executors, no processes) and reports tasks placed per second and the framework's
 * offer-handling latency. Aurora's own configuration capped placement at about 200 tasks/s; the goal is 2,000.
 *
 * <p>Arguments: {@code [tasks=10000] [agents=1000] [json=target/benchmark/placement.json]}. Run it after
 * {@code mvn -o -q -pl mesos-bridge/framework,mesos-bridge/test-master test-compile} with
 * {@code java -cp <test-master test-classes and classes, framework classes, mesos shaded jar, jackson>
 * dev.aurora.mesos.testing.PlacementBenchmark}.
 */
public final class PlacementBenchmark {
  private PlacementBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    Path json = Path.of(args.length > 2 ? args[2] : "target/benchmark/placement.json");

    ScriptedExecutors executors = new ScriptedExecutors(task -> List.of(Protos.TaskState.TASK_RUNNING));
    MasterOptions options = MasterOptions.forTests().withHeartbeat(Duration.ofSeconds(15))
        .withStatusUpdateRetry(Duration.ofSeconds(10));
    try (FakeMesosCluster cluster = new FakeMesosCluster(1, options, executors)) {
      executors.attach(cluster);
      for (int i = 0; i < agents; i++) {
        cluster.addAgent(AgentSpec.of(String.format("agent-%04d", i)));
      }
      AtomicInteger assigned = new AtomicInteger();
      AtomicInteger running = new AtomicInteger();
      MesosFramework framework = new MesosFramework(Frameworks.fast(), new StaticMasterDetector(
          cluster.masterUrls()), new InMemoryFrameworkIdStore());
      framework.start(List.of(), new TaskStatusListener() {
        @Override
        public void onStatus(TaskStatusEvent e) {
          if (e.state() == TaskState.ASSIGNED) {
            assigned.incrementAndGet();
          } else if (e.state() == TaskState.RUNNING) {
            running.incrementAndGet();
          }
          framework.acknowledge(e);
        }

        @Override
        public void onInitialReportComplete() {
        }
      });
      waitFor(() -> framework.isSubscribed(), Duration.ofSeconds(30));
      List<LaunchRequest> requests = new ArrayList<>(tasks);
      for (int i = 0; i < tasks; i++) {
        requests.add(Frameworks.instance(String.format("job%05d", i), 0));
      }
      long start = System.nanoTime();
      requests.forEach(framework::launch);
      waitFor(() -> cluster.launchCount() >= tasks, Duration.ofMinutes(5));
      long placedNanos = System.nanoTime() - start;
      waitFor(() -> running.get() >= tasks, Duration.ofMinutes(5));
      long runningNanos = System.nanoTime() - start;
      FrameworkStats stats = framework.stats();
      long[] latencies = stats.offerLatenciesNanos();
      framework.close();

      double placedPerSecond = tasks / (placedNanos / 1e9);
      int cores = Runtime.getRuntime().availableProcessors();
      String[][] rows = {
          {"cores", Integer.toString(cores)},
          {"agents", Integer.toString(agents)},
          {"tasks", Integer.toString(tasks)},
          {"tasks placed (launched on the master)", Integer.toString(cluster.launchCount())},
          {"time to place all (s)", fmt(placedNanos / 1e9)},
          {"tasks placed per second", fmt(placedPerSecond)},
          {"time until all RUNNING reported (s)", fmt(runningNanos / 1e9)},
          {"OFFERS events handled", Integer.toString(latencies.length)},
          {"offers received / declined", stats.offersReceived() + " / " + stats.offersDeclined()},
          {"offer handling p50 (ms)", fmt(percentile(latencies, 0.50) / 1e6)},
          {"offer handling p99 (ms)", fmt(percentile(latencies, 0.99) / 1e6)},
          {"offer handling max (ms)", fmt(percentile(latencies, 1.0) / 1e6)},
          {"goal >= 2000 tasks/s", placedPerSecond >= 2000 ? "met" : "NOT met"},
      };
      StringBuilder table = new StringBuilder();
      for (String[] row : rows) {
        table.append(String.format("%-40s %s%n", row[0], row[1]));
      }
      System.out.print(table);
      String out = String.format(Locale.ROOT, "{\"cores\":%d,\"agents\":%d,\"tasks\":%d,\"placedSeconds\":%.3f,"
              + "\"tasksPlacedPerSecond\":%.1f,\"allRunningSeconds\":%.3f,\"offerEvents\":%d,\"offersReceived\":%d,"
              + "\"offersDeclined\":%d,\"offerHandlingMs\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
              + "\"goalTasksPerSecond\":2000}%n", cores, agents, tasks, placedNanos / 1e9, placedPerSecond,
          runningNanos / 1e9, latencies.length, stats.offersReceived(), stats.offersDeclined(),
          percentile(latencies, 0.5) / 1e6, percentile(latencies, 0.99) / 1e6, percentile(latencies, 1.0) / 1e6);
      Files.createDirectories(json.toAbsolutePath().getParent());
      Files.writeString(json, out, StandardCharsets.UTF_8);
      System.out.println("figures written to " + json.toAbsolutePath());
    }
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1 < 0 ? 0
        : Math.ceil(p * sorted.length) - 1)];
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("benchmark condition not reached within " + timeout);
      }
      Thread.sleep(5);
    }
  }
}
