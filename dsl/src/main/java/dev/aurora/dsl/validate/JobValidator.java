package dev.aurora.dsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.backend.PortResolver;
import dev.aurora.dsl.ConfigException;
import dev.aurora.dsl.loader.JobKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Aurora's client-side refusal of a job, in the order the client applied its checks (validate_job, the
 * validate_config plugin, the type check, the thrift conversion and Thermos task validation), followed by what
 * the scheduler refused on submission ({@link SchedulerChecks}). Works on the interpolated job JSON, so it sees
 * exactly what is shipped; the first problem found is thrown as a {@link ConfigException} naming the field.
 */
public final class JobValidator {
  /** Pystachio's mustache pattern: {@code {{ref}}} or the escape {@code {{&ref}}}. */
  static final Pattern MUSTACHE = Pattern.compile("\\{\\{(&)?([^{}]+?)\\1?\\}\\}");
  private static final Pattern PROCESS_NAME = Pattern.compile("^[^./][^/]*$");
  private static final Pattern PLACEMENT_REF =
      Pattern.compile("^(mesos\\.instance|mesos\\.hostname|thermos\\.task_id|thermos\\.ports\\[[\\w\\-./]+\\])$");
  private static final Pattern THERMOS_REF =
      Pattern.compile("^(thermos\\.task_id|thermos\\.user|thermos\\.ports\\[[\\w\\-./]+\\])$");
  private static final long MB = 1024L * 1024L;

  private final String file;
  private final JsonNode job;

  private JobValidator(String file, JsonNode job) {
    this.file = file;
    this.job = job;
  }

  /** Aurora's {@code validate_job}: what every job needs before anything else is looked at. */
  public static void requireParts(String file, JsonNode job) {
    String name = job.path("name").asText();
    JobValidator v = new JobValidator(file, job);
    if (!job.has("cluster")) {
      throw v.fail("cluster", "Cluster required for job \"" + name + "\"");
    }
    if (!job.has("task")) {
      throw v.fail("task", "Task required for job \"" + name + "\"");
    }
    if (!job.has("role")) {
      throw v.fail("role", "Role required for job \"" + name + "\"");
    }
    if (!job.path("task").has("processes")) {
      throw v.fail("task.processes", "Processes required for task on job \"" + name + "\"");
    }
  }

  /**
   * @param checkFailure the Pystachio type-check message of the job, or null when it checked OK
   * @param unboundRefs references left unbound by interpolation, as {@code {{ref}}} text
   */
  public static void validate(String file, JsonNode job, String checkFailure, List<String> unboundRefs) {
    JobValidator v = new JobValidator(file, job);
    requireParts(file, job);
    v.clientPlugins();
    if (checkFailure != null) {
      String message = checkFailure.startsWith("TypeCheck(FAILED): ") ? checkFailure.substring(19) : checkFailure;
      throw v.fail(CheckPath.of(message), "Job not fully specified: " + message);
    }
    v.identifiers();
    v.resources();
    v.task();
    v.unboundVariables(unboundRefs);
    SchedulerChecks.validate(file, job);
  }

  // --- the validate_config plugin -----------------------------------------------------------------------------

  private void clientPlugins() {
    JsonNode update = job.path("update_config");
    Long instances = integer(job.path("instances"));
    Long maxTotal = integer(update.path("max_total_failures"));
    if (instances != null && maxTotal != null && maxTotal >= instances) {
      throw fail("update_config.max_total_failures",
          "max_total_failures in update_config must be lesser than the job size. Based on your job size ("
              + instances + ") you should use max_total_failures <= " + (instances - 1) + ".");
    }
    if (instances != null && maxTotal != null && job.path("constraints").has("dedicated")
        && maxTotal < Math.floor(instances * 0.02)) {
      throw fail("update_config.max_total_failures",
          "Since this is a dedicated job, you must set your max_total_failures in your update configuration to "
              + "no less than 2% of your job size. Based on your job size (" + instances
              + ") you should use max_total_failures >= " + (long) Math.floor(instances * 0.02) + ".");
    }
    nonNegative("update_config.watch_secs", update.path("watch_secs"));
    JsonNode health = job.path("health_check_config");
    for (String field : List.of("max_consecutive_failures", "min_consecutive_successes",
        "initial_interval_secs", "interval_secs")) {
      nonNegative("health_check_config." + field, health.path(field));
    }
    JsonNode portmap = job.path("announce").path("portmap");
    if (!job.path("constraints").has("dedicated")) {
      portmap.properties().forEach(e -> {
        if (e.getValue().isNumber() || e.getValue().asText().trim().matches("-?\\d+")) {
          throw fail("announce.portmap[" + e.getKey() + "]", "Job must be dedicated in order to specify static ports!");
        }
      });
    }
    Map<String, String> aliases = new LinkedHashMap<>();
    portmap.properties().forEach(e -> aliases.put(e.getKey(), e.getValue().asText()));
    try {
      PortResolver.requested(List.of(), aliases); // Aurora's client resolved the portmap when computing ports
    } catch (PortResolver.CycleException e) {
      throw fail("announce.portmap", e.getMessage());
    }
  }

  private void nonNegative(String path, JsonNode value) {
    if (value.isNumber() && value.asDouble() < 0) {
      String field = path.substring(path.lastIndexOf('.') + 1);
      throw fail(path, "Invalid value (" + number(value) + ") specified for " + field + ". Value cannot be less than 0.");
    }
  }

  // --- the thrift conversion ----------------------------------------------------------------------------------

  private void identifiers() {
    for (String field : List.of("role", "environment", "name")) {
      String value = job.path(field).asText();
      if (!JobKey.GOOD_IDENTIFIER.matcher(value).matches()) {
        throw fail(field, "Invalid " + field + " '" + value + "'");
      }
    }
  }

  private void resources() {
    JsonNode resources = job.path("task").path("resources");
    if (!resources.isObject()) {
      throw fail("task.resources", "Task must specify resources!");
    }
    long ram = resources.path("ram").asLong();
    long disk = resources.path("disk").asLong();
    if (ram == 0 || disk == 0) {
      throw fail("task.resources", "Must specify ram and disk resources, got ram:" + ram + " disk:" + disk);
    }
    double cpu = resources.path("cpu").asDouble();
    if (cpu <= 0 || ram / MB <= 0 || disk / MB <= 0) {
      throw fail("task.resources", "Task has invalid resources.  cpu/ramMb/diskMb must all be positive: cpu:"
          + number(resources.path("cpu")) + " ramMb:" + (ram / MB) + " diskMb:" + (disk / MB));
    }
  }

  // --- Thermos task validation -------------------------------------------------------------------------------

  private void task() {
    JsonNode processes = job.path("task").path("processes");
    List<ProcessPlan.Member> regular = new ArrayList<>();
    List<ProcessPlan.Member> finals = new ArrayList<>();
    for (int i = 0; i < processes.size(); i++) {
      JsonNode p = processes.get(i);
      String name = p.path("name").asText();
      if (!PROCESS_NAME.matcher(name).matches()) {
        throw fail("task.processes[" + i + "].name",
            "Task is invalid: Task has invalid process: Invalid process name: " + name);
      }
      ProcessPlan.Member member = new ProcessPlan.Member(name, p.path("daemon").asBoolean(), p.path("ephemeral").asBoolean());
      (p.path("final").asBoolean() ? finals : regular).add(member);
    }
    List<List<String>> orders = new ArrayList<>();
    for (JsonNode constraint : job.path("task").path("constraints")) {
      List<String> order = new ArrayList<>();
      constraint.path("order").forEach(n -> order.add(n.asText()));
      orders.add(order);
    }
    for (List<ProcessPlan.Member> plan : List.of(regular, finals)) {
      String problem = ProcessPlan.problem(plan, orders);
      if (problem != null) {
        throw fail("task.constraints", "Task is invalid: Task has invalid plan: " + problem);
      }
    }
    Set<String> unexpected = new LinkedHashSet<>();
    collectTaskRefs(job.path("task"), unexpected);
    if (!unexpected.isEmpty()) {
      throw fail("task", "Task is invalid: Unexpected unbound refs: " + String.join(", ", unexpected)
          + ". Make sure you are not nesting template variables.");
    }
  }

  /**
   * Thermos validated the task with the instance and host bound to placeholders and the thermos namespace
   * faked, so anything else still templated (an escaped {@code {{&x}}} that is live again, or a reference
   * nested around {@code {{mesos.instance}}}) was refused.
   */
  private void collectTaskRefs(JsonNode node, Set<String> out) {
    if (node.isTextual()) {
      String text = node.asText().replace("{{mesos.instance}}", "31337").replace("{{mesos.hostname}}", "");
      Matcher m = MUSTACHE.matcher(text);
      while (m.find()) {
        String ref = m.group(2);
        if (m.group(1) == null && !THERMOS_REF.matcher(ref).matches()) {
          out.add("{{" + ref + "}}");
        }
      }
    } else {
      node.forEach(child -> collectTaskRefs(child, out));
    }
  }

  private void unboundVariables(List<String> unboundRefs) {
    List<String> refused = refusedRefs(unboundRefs);
    if (!refused.isEmpty()) {
      throw fail("", "Config contains unbound variables: " + String.join(", ", refused));
    }
  }

  /** The references Aurora refused to submit: everything but the ones bound when a task is placed. */
  public static List<String> refusedRefs(List<String> unboundRefs) {
    List<String> refused = new ArrayList<>();
    for (String ref : unboundRefs) {
      String bare = ref.startsWith("{{") && ref.endsWith("}}") ? ref.substring(2, ref.length() - 2) : ref;
      if (!PLACEMENT_REF.matcher(bare).matches()) {
        refused.add("{{" + bare + "}}");
      }
    }
    return refused;
  }

  // --- helpers ------------------------------------------------------------------------------------------------

  private static Long integer(JsonNode value) {
    return value.isIntegralNumber() ? value.asLong() : null;
  }

  private static String number(JsonNode value) {
    return value.isIntegralNumber() ? Long.toString(value.asLong()) : Double.toString(value.asDouble());
  }

  private ConfigException fail(String fieldPath, String message) {
    return new ConfigException(file, fieldPath, message);
  }
}
