package dev.aurora.operator.scheduling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Asks a Coordinator SLA policy's coordinator whether a task may be taken down, as Aurora's SlaManager did: a POST to
 * {@code coordinator_url?task=<cluster/role/env/name/instance>} whose JSON body carries the task key ({@code task})
 * and the task ({@code taskConfig}, shaped as Aurora's ScheduledTask); an HTTP 200 whose JSON object maps
 * {@code status_key} (default {@code drain}) to true allows it. Anything else (another status, no such key, no
 * answer in time) is a no, retried later by the update. One request per coordinator at a time, as Aurora held a lock
 * per coordinator URL: a check that finds its coordinator busy is a no too. Never blocks the caller.
 */
final class SlaCoordinatorClient {
  static final String DEFAULT_STATUS_KEY = "drain";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final Set<String> busy = ConcurrentHashMap.newKeySet();

  /** Sends the request; {@code answer} gets the verdict on an HTTP client thread. */
  void ask(JobRecord record, Action.AskCoordinator ask, Duration timeout,
           Consumer<JobEvent.CoordinatorAnswer> answer) {
    InstanceRecord instance = record.instances().get(ask.instanceId());
    TaskRecord task = instance == null ? null : instance.task();
    if (task == null || !task.taskId().equals(ask.taskId()) || record.target() == null) {
      return; // the task is gone already; the update has moved on
    }
    String statusKey = ask.statusKey() == null || ask.statusKey().isEmpty() ? DEFAULT_STATUS_KEY : ask.statusKey();
    if (!busy.add(ask.url())) {
      answer.accept(no(ask, "the coordinator " + ask.url() + " is busy with another check"));
      return;
    }
    String taskKey = taskKey(record, ask.instanceId());
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(ask.url() + (ask.url().contains("?") ? "&" : "?") + "task="
              + URLEncoder.encode(taskKey, StandardCharsets.UTF_8)))
          .timeout(timeout)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body(record, task, taskKey)))
          .build();
    } catch (RuntimeException e) {
      busy.remove(ask.url());
      answer.accept(no(ask, "coordinator_url " + ask.url() + " is not a usable URL: " + e.getMessage()));
      return;
    }
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      busy.remove(ask.url());
      if (error != null) {
        answer.accept(no(ask, "asking the coordinator " + ask.url() + " failed: " + error));
      } else {
        answer.accept(verdict(ask, statusKey, response.statusCode(), response.body()));
      }
    });
  }

  static JobEvent.CoordinatorAnswer verdict(Action.AskCoordinator ask, String statusKey, int status, String body) {
    if (status != 200) {
      return no(ask, "the coordinator " + ask.url() + " answered HTTP " + status);
    }
    try {
      JsonNode value = JSON.readTree(body).path(statusKey);
      if (!value.isBoolean()) {
        return no(ask, "the coordinator's answer has no boolean '" + statusKey + "': " + abbreviate(body));
      }
      return value.asBoolean() ? new JobEvent.CoordinatorAnswer(ask.instanceId(), ask.taskId(), true,
          "the coordinator allows it")
          : no(ask, "the coordinator " + ask.url() + " answered " + statusKey + "=false");
    } catch (java.io.IOException e) {
      return no(ask, "the coordinator's answer is not JSON: " + abbreviate(body));
    }
  }

  /** Aurora's task key: the cluster, role, environment, name and instance of the task. */
  static String taskKey(JobRecord record, int instanceId) {
    var key = record.target().spec().key();
    return key.cluster() + "/" + key.role() + "/" + key.environment() + "/" + key.name() + "/" + instanceId;
  }

  private static String body(JobRecord record, TaskRecord task, String taskKey) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode scheduled = root.putObject("taskConfig");
    scheduled.put("status", task.state().name());
    ObjectNode assigned = scheduled.putObject("assignedTask");
    assigned.put("taskId", task.taskId());
    assigned.put("instanceId", task.instanceId());
    if (task.host() != null) {
      assigned.put("slaveHost", task.host());
    }
    ObjectNode ports = assigned.putObject("assignedPorts");
    task.ports().forEach(ports::put);
    JobConfig config = record.configs().get(task.config());
    if (config != null) {
      try {
        assigned.set("task", JSON.readTree(config.document()));
      } catch (java.io.IOException e) {
        assigned.put("task", config.document());
      }
    }
    root.put("task", taskKey);
    return root.toString();
  }

  private static JobEvent.CoordinatorAnswer no(Action.AskCoordinator ask, String why) {
    return new JobEvent.CoordinatorAnswer(ask.instanceId(), ask.taskId(), false, why);
  }

  private static String abbreviate(String body) {
    return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }
}
