package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aurora.backend.TaskState;
import dev.aurora.crd.AuroraJobCrd;
import dev.aurora.crd.local.LocalKubeApiServer;
import dev.aurora.dsl.model.CanonicalJson;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.dsl.model.JobSpecMapper;
import dev.aurora.operator.store.AuroraJobStateStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The durable record's cost (issue 12): its size for a 10,000-instance job, and what the write before each
 * acknowledgement adds to a status update, against a real local API server. Run (after {@code mvn -B -o -DskipTests
 * install}) from {@code operator/} as the README's Benchmarks section shows, with the class
 * {@code dev.aurora.operator.scheduling.RecordBenchmark [instances=10000] [updates=200]}; prints a table and writes
 * {@code target/benchmarks/record.json}.
 */
public final class RecordBenchmark {
  private RecordBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int instances = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int updates = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    try (LocalKubeApiServer server = LocalKubeApiServer.start()) {
      KubernetesClient client = server.client();
      AuroraJobCrd.install(client);
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
          .serverSideApply();
      AuroraJobStateStore store = new AuroraJobStateStore(client, List.of("bench"));

      MachineDriver big = running("big", instances);
      Map<String, JsonNode> parts = AuroraJobStateStore.parts(big.record);
      long bytes = 0;
      long largest = 0;
      for (JsonNode part : parts.values()) {
        long size = part.toString().getBytes(StandardCharsets.UTF_8).length;
        bytes += size;
        largest = Math.max(largest, size);
      }
      long firstSave = System.nanoTime();
      store.save(null, big.record);
      double firstSaveMs = (System.nanoTime() - firstSave) / 1e6;

      MachineDriver small = running("small", 1);
      store.save(null, small.record);
      List<Double> bigLatency = latencies(store, big, updates);
      List<Double> smallLatency = latencies(store, small, updates);

      String table = String.format(Locale.ROOT, """
          record of a %,d-instance service (all RUNNING, host and one port each)
            parts (objects)           %d
            total size                %,d bytes (%.1f bytes per instance)
            largest part              %,d bytes
            first save (all parts)    %.0f ms
          write added to one status update (save of the changed part before the acknowledgement), %d updates
            %,d-instance job          p50 %.2f ms   p99 %.2f ms
            1-instance job            p50 %.2f ms   p99 %.2f ms
          cores: %d
          """, instances, parts.size(), bytes, (double) bytes / instances, largest, firstSaveMs, updates, instances,
          pct(bigLatency, 50), pct(bigLatency, 99), pct(smallLatency, 50), pct(smallLatency, 99),
          Runtime.getRuntime().availableProcessors());
      System.out.print(table);
      Path out = Path.of("target", "benchmarks", "record.json");
      Files.createDirectories(out.getParent());
      Files.writeString(out, String.format(Locale.ROOT, "{\"instances\": %d, \"parts\": %d, \"bytes\": %d, "
              + "\"largestPartBytes\": %d, \"firstSaveMs\": %.1f, \"bigUpdateP50Ms\": %.3f, \"bigUpdateP99Ms\": %.3f, "
              + "\"smallUpdateP50Ms\": %.3f, \"smallUpdateP99Ms\": %.3f, \"cores\": %d}%n", instances, parts.size(),
          bytes, largest, firstSaveMs, pct(bigLatency, 50), pct(bigLatency, 99), pct(smallLatency, 50),
          pct(smallLatency, 99), Runtime.getRuntime().availableProcessors()));
    }
  }

  /**
   * A service of {@code instances} instances, all RUNNING. The dsl refuses more than Aurora's default
   * {@code max_tasks_per_job} (4,000) instances, so the resolved job is widened here to the count asked for: the
   * record must hold what a scheduler with a higher limit would.
   */
  private static MachineDriver running(String name, int instances) {
    JobSpec one = service(name, "serve --port={{thermos.ports[http]}}", "");
    ObjectNode json = (ObjectNode) CanonicalJson.parse(one.jobJson());
    json.put("instances", instances);
    MachineDriver job = new MachineDriver(JobRecord.empty(new JobRef("bench", name), null));
    job.ports = Map.of("http", 31_000);
    job.apply(JobSpecMapper.toJobSpec(json));
    job.allRunning();
    return job;
  }

  /** Time of the save that makes one task's state change durable (the task fails and its instance relaunches). */
  private static List<Double> latencies(AuroraJobStateStore store, MachineDriver job, int updates) {
    List<Double> millis = new ArrayList<>();
    int n = job.record.instances().size();
    for (int i = 0; i < updates; i++) {
      int instance = (i * 7919) % n;
      JobRecord before = job.record;
      job.report(instance, TaskState.FAILED);
      job.advance(Duration.ofMinutes(10)); // past any throttle: the instance relaunches
      job.report(instance, TaskState.RUNNING);
      long start = System.nanoTime();
      store.save(before, job.record);
      millis.add((System.nanoTime() - start) / 1e6);
    }
    return millis;
  }

  private static double pct(List<Double> values, int p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
  }
}
