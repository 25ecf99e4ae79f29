package dev.aurora.operator.cli.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.crd.v1alpha1.InstanceRanges;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code kubectl aurora status}: what {@code aurora job status} showed of a job, from the AuroraJob's status: the
 * phase and its message, the update in flight (or the last one), the conditions, and one row per instance.
 */
final class StatusTable {
  private static final List<String> HEADER = List.of("INSTANCE", "TASK", "STATE", "HOST", "PORTS", "FAILURES",
      "SINCE", "MESSAGE");

  private StatusTable() {
  }

  static String format(JobAddress address, JsonNode job) {
    JsonNode status = job.path("status");
    StringBuilder out = new StringBuilder();
    out.append("AuroraJob ").append(job.path("metadata").path("namespace").asText(address.namespace())).append('/')
        .append(job.path("metadata").path("name").asText(address.name()));
    if (status.hasNonNull("jobKey")) {
      out.append("  job ").append(status.get("jobKey").asText());
    }
    out.append('\n');
    out.append("phase: ").append(status.path("phase").asText("(no status yet)"));
    if (status.hasNonNull("message")) {
      out.append(" (").append(status.get("message").asText()).append(')');
    }
    long generation = job.path("metadata").path("generation").asLong(0);
    if (status.hasNonNull("observedGeneration") && status.get("observedGeneration").asLong() != generation) {
      out.append("  [the operator has not seen generation ").append(generation).append(" yet]");
    }
    out.append('\n');
    JsonNode update = status.path("update");
    if (update.isObject()) {
      out.append("update: ").append(update.path("state").asText("?")).append(' ')
          .append(update.path("instancesUpdated").asInt(0)).append('/').append(update.path("instancesTotal").asInt(0))
          .append(" instances updated");
      if (update.hasNonNull("id")) {
        out.append(", id ").append(update.get("id").asText());
      }
      if (update.hasNonNull("failedInstances") && update.get("failedInstances").size() > 0) {
        List<Integer> failed = new ArrayList<>();
        update.get("failedInstances").forEach(n -> failed.add(n.asInt()));
        out.append(", failed ").append(InstanceRanges.format(new java.util.TreeSet<>(failed)));
      }
      out.append(", started ").append(update.path("startedAt").asText("?"));
      if (update.hasNonNull("finishedAt")) {
        out.append(", finished ").append(update.get("finishedAt").asText());
      }
      if (update.hasNonNull("message")) {
        out.append(": ").append(update.get("message").asText());
      }
      out.append('\n');
    }
    if (status.path("conditions").isArray() && status.get("conditions").size() > 0) {
      out.append("conditions:");
      for (JsonNode c : status.get("conditions")) {
        out.append(' ').append(c.path("type").asText()).append('=').append(c.path("status").asText())
            .append(" (").append(c.path("reason").asText()).append(')');
      }
      out.append('\n');
    }
    List<JsonNode> tasks = new ArrayList<>();
    status.path("tasks").forEach(tasks::add);
    tasks.sort(Comparator.comparingInt(t -> t.path("id").asInt()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    for (JsonNode t : tasks) {
      rows.add(List.of(t.path("id").asText(), t.path("taskId").asText("-"), t.path("state").asText("-"),
          t.path("host").asText("-"), ports(t.path("ports")), t.path("failures").asText("0"),
          t.path("since").asText("-"), t.path("message").asText("")));
    }
    out.append('\n').append(table(rows));
    if (status.path("omittedTasks").asInt(0) > 0) {
      out.append("(").append(status.get("omittedTasks").asInt()).append(" running instances not listed in the "
          + "status)\n");
    }
    return out.toString();
  }

  private static String ports(JsonNode ports) {
    if (!ports.isObject() || ports.size() == 0) {
      return "-";
    }
    Map<String, String> sorted = new TreeMap<>();
    ports.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
    StringBuilder out = new StringBuilder();
    sorted.forEach((name, port) -> out.append(out.length() == 0 ? "" : ",").append(name).append('=').append(port));
    return out.toString();
  }

  /** Columns padded to their widest cell, as kubectl prints tables; the last column is not padded. */
  static String table(List<List<String>> rows) {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = row.get(c).replace('\n', ' ');
        line.append(cell);
        if (c < columns - 1) {
          line.append(" ".repeat(widths[c] - cell.length() + 3));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
