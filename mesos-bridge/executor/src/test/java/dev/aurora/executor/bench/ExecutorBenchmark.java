package dev.aurora.executor.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.executor.testing.AgentExecutorEndpoint;
import dev.aurora.executor.testing.ExecutorCommand;
import dev.aurora.executor.testing.TaskJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Figures for the executor (not a test): time from JVM launch to the first process running, steady-state RSS with a
 * 3-process task, and CPU while idle, for several JVM flag sets. Aurora's anchor: 0.25 CPU and 128 MB reserved per
 * Thermos executor; goal here 64 MB RSS and 300 ms to the first process.
 *
 * <pre>
 * cd mesos-bridge/executor &amp;&amp; mvn -o -q package -DskipTests
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/test-cp.txt
 * java -cp target/test-classes:target/aurora-executor.jar:$(cat target/test-cp.txt) \
 *     dev.aurora.executor.bench.ExecutorBenchmark [runs]
 * </pre>
 * Prints a table and writes target/benchmarks/executor-figures.json.
 */
public final class ExecutorBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path JAR = Path.of("target/aurora-executor.jar").toAbsolutePath();
  private static final Path WORK = Path.of("target/benchmarks").toAbsolutePath();
  private static final Path CDS_ARCHIVE = WORK.resolve("aurora-executor.jsa");

  private record Variant(String name, List<String> flags) {}

  private record Figures(String variant, long startMedianMs, long startP90Ms, long startMinMs, long rssRunTaskKb,
      long rssMesosKb, double idleCpuPercent) {}

  private ExecutorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException("build the jar first: mvn -o -q package -DskipTests (looked for " + JAR + ")");
    }
    Files.createDirectories(WORK);
    createCdsArchive();
    List<String> recommended = new ArrayList<>(ExecutorCommand.JVM_FLAGS);
    List<String> withCds = new ArrayList<>(recommended);
    withCds.remove("-Xshare:auto");
    withCds.add("-XX:SharedArchiveFile=" + CDS_ARCHIVE);
    List<Variant> variants = List.of(
        new Variant("baseline: java -jar (JVM defaults)", List.of()),
        new Variant("recommended flags", recommended),
        new Variant("recommended flags + AppCDS archive", withCds));
    List<Figures> results = new ArrayList<>();
    for (Variant v : variants) {
      results.add(measure(v, runs));
    }
    print(results, runs);
    write(results, runs, recommended, withCds);
  }

  private static Figures measure(Variant v, int runs) throws Exception {
    List<Long> starts = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      starts.add(timeToFirstProcess(v.flags, i));
    }
    starts.sort(Comparator.naturalOrder());
    long[] rssAndIdle = steadyStateRunTask(v.flags);
    long rssMesos = steadyStateMesos(v.flags);
    return new Figures(v.name, starts.get(starts.size() / 2), starts.get((int) Math.ceil(starts.size() * 0.9) - 1),
        starts.get(0), rssAndIdle[0], rssMesos, rssAndIdle[1] / 1000.0);
  }

  /** Milliseconds from starting the JVM to the first process writing its start time. */
  private static long timeToFirstProcess(List<String> flags, int run) throws Exception {
    Path dir = Files.createTempDirectory(WORK, "start");
    Path task = dir.resolve("task.json");
    Files.writeString(task, TaskJson.task("first").process("first", "date +%s%N > started").json());
    Instant launched = Instant.now();
    Process p = new ProcessBuilder(command(flags, "run-task", "--task", task.toString(), "--sandbox",
        dir.resolve("sandbox").toString())).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile())
        .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("run " + run + " failed: " + Files.readString(dir.resolve("out")));
    }
    long startedNanos = Long.parseLong(Files.readString(dir.resolve("sandbox/started")).trim());
    long launchedNanos = launched.getEpochSecond() * 1_000_000_000L + launched.getNano();
    return (startedNanos - launchedNanos) / 1_000_000;
  }

  /** RSS (kB) after the task settled, and CPU (milli-percent of one core) over an idle 10 s window. */
  private static long[] steadyStateRunTask(List<String> flags) throws Exception {
    Path dir = Files.createTempDirectory(WORK, "rss");
    Path task = dir.resolve("task.json");
    Files.writeString(task, threeProcesses().json());
    Process p = new ProcessBuilder(command(flags, "run-task", "--task", task.toString(), "--sandbox",
        dir.resolve("sandbox").toString())).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile())
        .start();
    try {
      Thread.sleep(5_000);
      long ticksBefore = cpuTicks(p.pid());
      long before = System.nanoTime();
      Thread.sleep(10_000);
      long ticks = cpuTicks(p.pid()) - ticksBefore;
      double seconds = (System.nanoTime() - before) / 1e9;
      long milliPercent = Math.round(ticks / 100.0 / seconds * 100 * 1000); // USER_HZ = 100
      return new long[] {rssKb(p.pid()), milliPercent};
    } finally {
      p.destroy(); // SIGTERM: run-task kills its task on the way out
      p.waitFor(70, TimeUnit.SECONDS);
    }
  }

  /** RSS (kB) of the executor in Mesos mode, subscribed to an in-process agent and running a 3-process task. */
  private static long steadyStateMesos(List<String> flags) throws Exception {
    Path dir = Files.createTempDirectory(WORK, "mesos");
    String previousJar = System.getProperty("aurora.executor.jar");
    System.setProperty("aurora.executor.jar", JAR.toString());
    System.setProperty("aurora.executor.jvm.flags", String.join(" ", flags));
    try (AgentExecutorEndpoint agent = AgentExecutorEndpoint.start("bench-agent", "bench-fw")) {
      Process p = agent.launchExecutor("bench", dir, Map.of());
      TaskJson task = threeProcesses();
      agent.launch("bench", AgentExecutorEndpoint.taskInfo(task.taskId(), task.json()));
      agent.awaitUpdate("bench", task.taskId(), "TASK_RUNNING", Duration.ofSeconds(30));
      Thread.sleep(5_000);
      long rss = rssKb(p.pid());
      agent.kill("bench", task.taskId(), Duration.ofSeconds(5));
      agent.awaitExit("bench", Duration.ofSeconds(60));
      return rss;
    } finally {
      System.clearProperty("aurora.executor.jvm.flags");
      if (previousJar == null) {
        System.clearProperty("aurora.executor.jar");
      }
    }
  }

  private static TaskJson threeProcesses() {
    return TaskJson.task("three").process("a", "sleep 600").process("b", "sleep 600").process("c", "sleep 600");
  }

  /** A dynamic AppCDS archive from one training run of a small task (JDK 13+). */
  private static void createCdsArchive() throws Exception {
    Path dir = Files.createTempDirectory(WORK, "cds");
    Path task = dir.resolve("task.json");
    Files.writeString(task, TaskJson.task("train").process("a", "true").process("b", "true").json());
    List<String> flags = new ArrayList<>(ExecutorCommand.JVM_FLAGS);
    flags.add("-XX:ArchiveClassesAtExit=" + CDS_ARCHIVE);
    Process p = new ProcessBuilder(command(flags, "run-task", "--task", task.toString(), "--sandbox",
        dir.resolve("sandbox").toString())).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile())
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || !Files.isRegularFile(CDS_ARCHIVE)) {
      throw new IllegalStateException("could not create the CDS archive: " + Files.readString(dir.resolve("out")));
    }
  }

  private static List<String> command(List<String> flags, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(flags);
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    command.add("--nosetuid"); // measured as the benchmark's user, whatever the role
    return command;
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
  }

  private static void print(List<Figures> results, int runs) {
    System.out.printf("executor figures, %d cores, %d launches per variant%n", Runtime.getRuntime()
        .availableProcessors(), runs);
    System.out.printf("%-40s %10s %10s %10s %14s %12s %10s%n", "variant", "start p50", "start p90", "start min",
        "RSS run-task", "RSS mesos", "idle CPU");
    for (Figures f : results) {
      System.out.printf("%-40s %8d ms %8d ms %8d ms %11.1f MB %9.1f MB %9.2f%%%n", f.variant, f.startMedianMs,
          f.startP90Ms, f.startMinMs, f.rssRunTaskKb / 1024.0, f.rssMesosKb / 1024.0, f.idleCpuPercent);
    }
    System.out.println("goal: <= 300 ms to the first process, <= 64 MB RSS; Aurora reserved 128 MB and 0.25 CPU");
  }

  private static void write(List<Figures> results, int runs, List<String> recommended, List<String> withCds)
      throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("benchmark", "aurora-executor");
    root.put("cores", Runtime.getRuntime().availableProcessors());
    root.put("java", System.getProperty("java.version"));
    root.put("launchesPerVariant", runs);
    root.put("goalStartMs", 300).put("goalRssMb", 64);
    root.put("baselineAuroraReservedMb", 128).put("baselineAuroraReservedCpu", 0.25);
    root.putPOJO("recommendedFlags", recommended);
    root.putPOJO("recommendedFlagsWithCds", withCds);
    ArrayNode rows = root.putArray("variants");
    for (Figures f : results) {
      rows.addObject().put("variant", f.variant).put("startP50Ms", f.startMedianMs).put("startP90Ms", f.startP90Ms)
          .put("startMinMs", f.startMinMs).put("rssRunTaskMb", f.rssRunTaskKb / 1024.0)
          .put("rssMesosMb", f.rssMesosKb / 1024.0).put("idleCpuPercent", f.idleCpuPercent);
    }
    Path out = WORK.resolve("executor-figures.json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
    System.out.println("wrote " + out);
  }
}
