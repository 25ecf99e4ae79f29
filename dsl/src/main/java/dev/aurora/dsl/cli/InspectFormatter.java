package dev.aurora.dsl.cli;

import dev.aurora.dsl.model.JobSpec;
import dev.aurora.dsl.model.ProcessSpec;
import java.util.List;

/** The human layout of {@code aurora job inspect} (AURORA.md §5.1). */
public final class InspectFormatter {
  private InspectFormatter() {}

  public static String format(JobSpec job) {
    StringBuilder out = new StringBuilder();
    out.append("Job level information\n");
    line(out, 2, "name:       '" + job.key().name() + "'");
    line(out, 2, "role:       '" + job.key().role() + "'");
    if (job.contact() != null) {
      line(out, 2, "contact:    '" + job.contact() + "'");
    }
    line(out, 2, "cluster:    '" + job.key().cluster() + "'");
    line(out, 2, "instances:  '" + job.instances() + "'");
    if (job.cron() != null) {
      line(out, 2, "cron:");
      line(out, 4, "schedule: '" + job.cron().schedule() + "'");
      line(out, 4, "policy:   '" + job.cron().collisionPolicy() + "'");
    }
    if (!job.constraints().isEmpty()) {
      line(out, 2, "constraints:");
      job.constraints().forEach((attribute, value) -> line(out, 4, "'" + attribute + "': '" + value + "'"));
    }
    if (job.partitionPolicy() != null) {
      line(out, 2, "partition_policy:");
      line(out, 4, "reschedule: " + python(job.partitionPolicy().reschedule()));
      line(out, 4, "delay_secs: '" + job.partitionPolicy().delaySecs() + "'");
    }
    line(out, 2, "service:    " + python(job.service()));
    line(out, 2, "production: " + python(job.production()));
    out.append('\n');

    out.append("Task level information\n");
    line(out, 2, "name: '" + job.task().name() + "'");
    List<List<String>> orders = job.task().orderConstraints();
    if (!orders.isEmpty()) {
      line(out, 2, "constraints:");
      orders.forEach(order -> line(out, 2, String.join(" < ", order)));
    }
    out.append('\n');

    for (ProcessSpec process : job.task().processes()) {
      out.append("Process '").append(process.name()).append("':\n");
      if (process.daemon()) {
        line(out, 2, "daemon");
      }
      if (process.ephemeral()) {
        line(out, 2, "ephemeral");
      }
      if (process.isFinal()) {
        line(out, 2, "final");
      }
      line(out, 2, "cmdline:");
      for (String cmdLine : splitLines(process.cmdline())) {
        line(out, 4, cmdLine);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Python's {@code str.splitlines()}: no trailing empty piece, nothing at all for an empty string. */
  static List<String> splitLines(String text) {
    List<String> lines = new java.util.ArrayList<>(List.of(text.split("\r\n|\r|\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  private static void line(StringBuilder out, int indent, String text) {
    out.append(" ".repeat(indent)).append(text).append('\n');
  }

  private static String python(boolean value) {
    return value ? "True" : "False";
  }
}
