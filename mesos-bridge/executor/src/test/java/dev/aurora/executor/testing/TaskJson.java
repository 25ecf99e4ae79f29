package dev.aurora.executor.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Builds assigned-task documents for tests, in the shape the framework writes into {@code TaskInfo.data}: an
 * Aurora job with small timings (min_duration 0, no health check unless asked) so tests stay fast.
 */
public final class TaskJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode envelope = JSON.createObjectNode();
  private final ObjectNode job;
  private final ObjectNode task;

  private TaskJson(String name) {
    envelope.put("taskId", "www-data-test-" + name + "-0-" + UUID.randomUUID());
    envelope.put("instanceId", 0);
    envelope.put("hostname", "localhost");
    envelope.putObject("ports");
    job = envelope.putObject("job");
    job.put("name", name).put("role", "www-data").put("environment", "test").put("cluster", "local");
    task = job.putObject("task");
    task.put("name", name).put("max_failures", 1).put("max_concurrency", 0).put("finalization_wait", 5);
    task.putArray("processes");
    task.putArray("constraints");
    task.putObject("resources").put("cpu", 0.1).put("ram", 16 << 20).put("disk", 64 << 20).put("gpu", 0);
    job.putObject("lifecycle");
    health(h -> { });
  }

  public static TaskJson task(String name) {
    return new TaskJson(name);
  }

  /** Adds a process with min_duration 0 and max_failures 1; {@code tweak} edits its JSON. */
  public TaskJson process(String name, String cmdline, Consumer<ObjectNode> tweak) {
    ObjectNode p = ((ArrayNode) task.get("processes")).addObject();
    p.put("name", name).put("cmdline", cmdline).put("max_failures", 1).put("daemon", false)
        .put("ephemeral", false).put("min_duration", 0).put("final", false);
    tweak.accept(p);
    return this;
  }

  public TaskJson process(String name, String cmdline) {
    return process(name, cmdline, p -> { });
  }

  public TaskJson order(String... names) {
    ArrayNode order = ((ArrayNode) task.get("constraints")).addObject().putArray("order");
    for (String n : names) {
      order.add(n);
    }
    return this;
  }

  /** Edits job-level fields (role, announce, ...). */
  public TaskJson jobField(Consumer<ObjectNode> tweak) {
    tweak.accept(job);
    return this;
  }

  /** Edits task-level fields (max_failures, max_concurrency, finalization_wait, resources). */
  public TaskJson taskField(Consumer<ObjectNode> tweak) {
    tweak.accept(task);
    return this;
  }

  /** Edits health_check_config (defaults here: interval 0.2 s, no grace). */
  public TaskJson health(Consumer<ObjectNode> tweak) {
    ObjectNode hc = job.putObject("health_check_config");
    hc.putObject("health_checker").putObject("http").put("endpoint", "/health").put("expected_response", "ok")
        .put("expected_response_code", 0);
    hc.put("initial_interval_secs", 0.0).put("interval_secs", 0.2).put("max_consecutive_failures", 0)
        .put("min_consecutive_successes", 1).put("timeout_secs", 1.0);
    tweak.accept(hc);
    return this;
  }

  /** Turns on the HTTP lifecycle on the {@code health} port with the given waits. */
  public TaskJson lifecycle(int gracefulWaitSecs, int shutdownWaitSecs) {
    job.putObject("lifecycle").putObject("http").put("port", "health")
        .put("graceful_shutdown_endpoint", "/quitquitquit").put("shutdown_endpoint", "/abortabortabort")
        .put("graceful_shutdown_wait_secs", gracefulWaitSecs).put("shutdown_wait_secs", shutdownWaitSecs);
    return this;
  }

  /** Sets {@code announce.portmap} (aliases to other names, or static numbers). */
  public TaskJson portmap(Map<String, String> portmap) {
    ObjectNode p = job.putObject("announce").put("primary_port", "http").putObject("portmap");
    portmap.forEach(p::put);
    return this;
  }

  public TaskJson ports(Map<String, Integer> ports) {
    ObjectNode p = envelope.putObject("ports");
    ports.forEach(p::put);
    return this;
  }

  public String taskId() {
    return envelope.get("taskId").asText();
  }

  public String json() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(envelope);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
