package dev.aurora.operator.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.crd.v1alpha1.AuroraJob;
import dev.aurora.crd.v1alpha1.AuroraJobPhase;
import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.crd.v1alpha1.AuroraJobStatus;
import dev.aurora.mesos.InMemoryFrameworkIdStore;
import dev.aurora.mesos.testing.AgentSpec;
import dev.aurora.mesos.testing.FakeMesosCluster;
import dev.aurora.mesos.testing.MasterOptions;
import dev.aurora.mesos.testing.ScriptedExecutors;
import dev.aurora.operator.e2e.MesosOperators;
import dev.aurora.operator.runtime.OperatorRuntime;
import dev.aurora.operator.scheduling.SchedulerSettings;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figures of issue 7 (run on demand, not part of {@code mvn test}): {@code N} AuroraJobs (default 1,000; 1–5
 * instances each, a fixed mix of three sources over ten namespaces) applied to a real local API server, reconciled by
 * the real operator whose backend is the Mesos framework on the in-test master, with simulated agents whose scripted
 * executors run no process (tasks go STARTING, RUNNING). Measures the time from the first apply until every resource
 * reports {@code status.observedGeneration == metadata.generation} and phase Running, the heap used after a full GC
 * and the process RSS at the end, reconciles per second, status writes and evaluations (from the operator's metrics
 * endpoint). Prints a table and writes {@code target/benchmarks/operator-scale.json}.
 *
 * <p>The operator shares this JVM with the in-test master, its simulated agents and this harness, so the heap and
 * RSS figures are an upper bound of the operator's own; the evaluator workers, the API server and etcd are separate
 * processes (the workers' RSS is reported apart).
 *
 * <p>Run (see README.md, "Benchmarks"): {@code java -Xmx256m -cp <operator test class path>
 * dev.aurora.operator.bench.OperatorScaleBenchmark [jobs] [agents]}
 */
public final class OperatorScaleBenchmark {
  private static final int NAMESPACES = 10;
  private static final long GOAL_SECONDS = 60;
  private static final long GOAL_HEAP_MB = 256;

  private OperatorScaleBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int agents = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    long timeoutSeconds = args.length > 2 ? Long.parseLong(args[2]) : 600;
    ObjectMapper json = new ObjectMapper();
    ObjectNode figures = json.createObjectNode();
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    figures.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    figures.put("jobs", jobs);
    figures.put("load_average_at_start", loadAverage());
    figures.put("agents", agents);
    int desiredTasks = 0;
    for (int i = 0; i < jobs; i++) {
      desiredTasks += instancesOf(i);
    }
    figures.put("tasks", desiredTasks);
    List<String> table = new ArrayList<>();
    table.add(String.format("%-40s %14s", "figure", "value"));

    System.err.println("starting a local kube-apiserver and etcd");
    try (LocalKubeApiServer server = LocalKubeApiServer.start()) {
      KubernetesClient client = server.client();
      MesosOperators.installCrd(client);
      for (int n = 0; n < NAMESPACES; n++) {
        MesosOperators.createNamespace(client, namespace(n));
      }
      ScriptedExecutors executors = ScriptedExecutors.running();
      try (FakeMesosCluster cluster = new FakeMesosCluster(1, MasterOptions.forTests(), executors)) {
        executors.attach(cluster);
        for (int a = 0; a < agents; a++) {
          cluster.addAgent(AgentSpec.of("agent-" + a).withResources(64, 262144));
        }
        System.err.println("starting the operator (Mesos backend on the in-test master, " + agents + " agents)");
        OperatorRuntime operator = MesosOperators.operator(client, cluster, MesosOperators.fastFramework(),
            new InMemoryFrameworkIdStore(), SchedulerSettings.defaults()).start();
        try {
          // Let the evaluator workers warm up and the framework subscribe before the clock starts.
          Thread.sleep(5000);
          System.err.println("applying " + jobs + " AuroraJobs (" + desiredTasks + " tasks)");
          long start = System.nanoTime();
          long applied = applyAll(client, jobs);
          double applySeconds = (applied - start) / 1e9;
          HeapPeak peak = new HeapPeak();
          peak.start();
          ReconcileSampler sampler = new ReconcileSampler();
          sampler.start();
          long done = awaitAllRunning(client, jobs, start, timeoutSeconds);
          peak.stopSampling();
          sampler.stopSampling();
          double seconds = (done - start) / 1e9;
          long reconciles = operator.reconciler().reconciles();
          long statusWrites = operator.reconciler().statusWrites();
          String metrics = get("http://127.0.0.1:" + operator.httpPort() + "/metrics");
          System.gc();
          Thread.sleep(200);
          System.gc();
          long heapAfterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
          long rss = rssKb(Path.of("/proc/self/status"));
          long workersRss = 0;
          long controlPlaneRss = 0;
          for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
            long kb = rssKb(Path.of("/proc/" + child.pid() + "/status"));
            String command = child.info().commandLine().orElse("");
            if (command.contains("kube-apiserver") || command.contains("etcd")) {
              controlPlaneRss += kb;
            } else {
              workersRss += kb; // the sandboxed evaluator workers
            }
          }

          row(table, figures, "apply_all_seconds", applySeconds);
          row(table, figures, "first_apply_to_all_running_seconds", seconds);
          row(table, figures, "reconciles", reconciles);
          row(table, figures, "reconciles_per_second", reconciles / seconds);
          row(table, figures, "status_writes", statusWrites);
          row(table, figures, "evaluations_evaluated", metric(metrics,
              "aurora_operator_evaluations_total{result=\"evaluated\"}"));
          row(table, figures, "evaluations_cached", metric(metrics,
              "aurora_operator_evaluations_total{result=\"cached\"}"));
          row(table, figures, "task_launches", metric(metrics, "aurora_operator_task_launches_total"));
          row(table, figures, "tasks_running", metric(metrics, "aurora_operator_tasks{state=\"RUNNING\"}"));
          row(table, figures, "mesos_launches_seen_by_master", cluster.launchCount());
          row(table, figures, "heap_used_after_gc_mb", heapAfterGc / (1024.0 * 1024));
          row(table, figures, "heap_peak_sampled_mb", peak.peakBytes / (1024.0 * 1024));
          row(table, figures, "process_rss_mb", rss / 1024.0);
          row(table, figures, "evaluator_workers_rss_mb", workersRss / 1024.0);
          row(table, figures, "apiserver_and_etcd_rss_mb", controlPlaneRss / 1024.0);
          figures.put("load_average_at_end", loadAverage());
          figures.put("goal_seconds", GOAL_SECONDS);
          figures.put("goal_heap_mb", GOAL_HEAP_MB);
          figures.put("goal_met", seconds <= GOAL_SECONDS && heapAfterGc <= GOAL_HEAP_MB * 1024 * 1024
              && Runtime.getRuntime().maxMemory() <= GOAL_HEAP_MB * 1024 * 1024);
        } finally {
          operator.close();
        }
      }
    }
    table.forEach(System.out::println);
    System.out.println();
    System.out.println("where the reconciler threads spent the run (thread samples every 50 ms, busy threads only):");
    ObjectNode profile = figures.putObject("reconcile_thread_samples");
    RECONCILE_PROFILE.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> {
          profile.put(e.getKey(), e.getValue());
          System.out.printf("  %-60s %8d%n", e.getKey(), e.getValue());
        });
    System.out.println("goal (<= " + GOAL_SECONDS + " s, <= " + GOAL_HEAP_MB + " MB heap, run with -Xmx" + GOAL_HEAP_MB
        + "m): " + (figures.get("goal_met").asBoolean() ? "met" : "NOT met"));
    Path out = Path.of("target", "benchmarks", "operator-scale.json");
    Files.createDirectories(out.getParent());
    json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), figures);
    System.out.println("figures written to " + out.toAbsolutePath());
    System.exit(0); // the fabric8 and JOSDK thread pools are not all daemons
  }

  // ---- the jobs ---------------------------------------------------------------------------------------------

  static int instancesOf(int i) {
    return 1 + (i * 7) % 5; // 1..5, each count equally often
  }

  static String namespace(int n) {
    return "bench-" + n;
  }

  /** Three shapes of config, so that the evaluator sees more than one kind of source. */
  static String source(int i) {
    String name = "job_" + i;
    int instances = instancesOf(i);
    return switch (i % 3) {
      case 0 -> """
          import os
          main = Process(name = 'main', cmdline = 'while true; do sleep 60; done')
          jobs = [Service(cluster = 'cluster1', role = os.getenv('USER'), environment = 'prod', name = '%s',
                          instances = %d, task = Task(processes = [main],
                              resources = Resources(cpu = 0.1, ram = 32 * MB, disk = 64 * MB)))]
          """.formatted(name, instances);
      case 1 -> """
          import os
          setup = Process(name = 'setup', cmdline = 'echo instance {{mesos.instance}} > id')
          serve = Process(name = 'serve', cmdline = 'exec python -m SimpleHTTPServer {{thermos.ports[http]}}')
          task = SequentialTask(processes = [setup, serve],
                                resources = Resources(cpu = 0.25, ram = 64 * MB, disk = 128 * MB))
          jobs = [Service(cluster = 'cluster1', role = os.getenv('USER'), environment = 'staging', name = '%s',
                          instances = %d, task = task,
                          update_config = UpdateConfig(batch_size = 2, watch_secs = 5))]
          """.formatted(name, instances);
      default -> """
          import os
          class Profile(Struct):
            version = Default(String, '1.0.%d')
          run = Process(name = 'run', cmdline = 'echo {{profile.version}}; while true; do sleep 60; done')
          jobs = [Service(cluster = 'cluster1', role = os.getenv('USER'), environment = 'test', name = '%s',
                          instances = %d, task = Task(processes = [run],
                              resources = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB))
                          ).bind(profile = Profile())]
          """.formatted(i, name, instances);
    };
  }

  private static long applyAll(KubernetesClient client, int jobs) throws Exception {
    ExecutorService appliers = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int i = 0; i < jobs; i++) {
        int index = i;
        results.add(appliers.submit(() -> {
          AuroraJob job = new AuroraJob();
          job.setMetadata(new ObjectMetaBuilder().withNamespace(namespace(index % NAMESPACES))
              .withName("job-" + index).build());
          AuroraJobSpec spec = new AuroraJobSpec();
          spec.setSource(source(index));
          job.setSpec(spec);
          client.resource(job).fieldManager("benchmark").serverSideApply();
        }));
      }
      for (Future<?> result : results) {
        result.get();
      }
      return System.nanoTime();
    } finally {
      appliers.shutdownNow();
    }
  }

  private static long awaitAllRunning(KubernetesClient client, int jobs, long start, long timeoutSeconds)
      throws InterruptedException {
    long deadline = start + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    long lastReport = 0;
    while (true) {
      List<AuroraJob> all = client.resources(AuroraJob.class).inAnyNamespace().list().getItems();
      long current = all.stream().filter(OperatorScaleBenchmark::currentAndRunning).count();
      long now = System.nanoTime();
      if (current == jobs) {
        return now;
      }
      if (now - lastReport > TimeUnit.SECONDS.toNanos(5)) {
        System.err.printf("%6.1f s: %d/%d current and Running%n", (now - start) / 1e9, current, jobs);
        lastReport = now;
      }
      if (now > deadline) {
        all.stream().filter(j -> !currentAndRunning(j)).limit(5).forEach(j -> System.err.println(
            "  not there: " + j.getMetadata().getNamespace() + "/" + j.getMetadata().getName() + " "
                + j.getStatus()));
        throw new IllegalStateException("only " + current + "/" + jobs + " Running after " + timeoutSeconds + " s");
      }
      Thread.sleep(250);
    }
  }

  private static boolean currentAndRunning(AuroraJob job) {
    AuroraJobStatus status = job.getStatus();
    return status != null && status.phase() == AuroraJobPhase.Running
        && job.getMetadata().getGeneration().equals(status.observedGeneration());
  }

  // ---- measuring ---------------------------------------------------------------------------------------------

  /** Samples the heap in use every 100 ms (between collections, so an upper bound of the live set). */
  private static final class HeapPeak extends Thread {
    volatile long peakBytes;
    private volatile boolean stop;

    HeapPeak() {
      super("heap-peak");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!stop) {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
          if (pool.getType() == MemoryType.HEAP) {
            used += pool.getUsage().getUsed();
          }
        }
        peakBytes = Math.max(peakBytes, used);
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    void stopSampling() {
      stop = true;
    }
  }

  private static final java.util.Map<String, Long> RECONCILE_PROFILE = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * A poor man's profiler for the question "where does a reconcile wait?": samples the stacks of the controller's
   * threads that are inside a reconciliation and counts each sample under the innermost frame of ours
   * (dev.aurora...), or under the JOSDK step when none of ours is on the stack (e.g. the status patch).
   */
  private static final class ReconcileSampler extends Thread {
    private volatile boolean stop;

    ReconcileSampler() {
      super("reconcile-sampler");
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!stop) {
        for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
          boolean inReconciliation = false;
          for (StackTraceElement frame : stack) {
            if (frame.getClassName().startsWith("io.javaoperatorsdk.operator.processing.event.ReconciliationDispatcher")) {
              inReconciliation = true;
              break;
            }
          }
          if (inReconciliation) {
            RECONCILE_PROFILE.merge(label(stack), 1L, Long::sum);
          }
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private static String label(StackTraceElement[] stack) {
      for (StackTraceElement frame : stack) {
        if (frame.getClassName().startsWith("dev.aurora.")) {
          String cls = frame.getClassName();
          return cls.substring(cls.lastIndexOf('.') + 1) + "." + frame.getMethodName();
        }
      }
      for (StackTraceElement frame : stack) {
        if (frame.getClassName().startsWith("io.javaoperatorsdk.")) {
          String cls = frame.getClassName();
          return "(JOSDK) " + cls.substring(cls.lastIndexOf('.') + 1) + "." + frame.getMethodName();
        }
      }
      return "(other)";
    }

    void stopSampling() {
      stop = true;
    }
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (Exception e) {
      return Double.NaN;
    }
  }

  private static long rssKb(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // the process may have gone
    }
    return 0;
  }

  private static String get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double metric(String metrics, String name) {
    Matcher m = Pattern.compile("^" + Pattern.quote(name) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  private static void row(List<String> table, ObjectNode figures, String name, double value) {
    double rounded = Math.round(value * 100) / 100.0;
    figures.put(name, rounded);
    table.add(String.format("%-40s %14.2f", name, rounded));
  }
}
