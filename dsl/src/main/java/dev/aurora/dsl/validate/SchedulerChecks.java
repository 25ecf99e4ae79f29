package dev.aurora.dsl.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.dsl.ConfigException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What Aurora's scheduler refused when a job was submitted (AURORA.md §4.6, §5.3), with its default settings:
 * instance count, environment names, tiers, executor, dedicated and limit constraints, SLA policies, cron and the
 * update settings the client derived. The operator is the scheduler here, so these run with the client checks.
 */
final class SchedulerChecks {
  static final int MAX_TASKS_PER_JOB = 4000;
  static final Pattern ALLOWED_ENVIRONMENTS = Pattern.compile("^(prod|devel|test|staging\\d*)$");
  private static final Set<String> TIERS = Set.of("preferred", "preemptible", "revocable");
  private static final int MAX_SLA_DURATION_SECS = 7200;

  private final String file;
  private final JsonNode job;

  private SchedulerChecks(String file, JsonNode job) {
    this.file = file;
    this.job = job;
  }

  static void validate(String file, JsonNode job) {
    SchedulerChecks checks = new SchedulerChecks(file, job);
    checks.jobShape();
    checks.constraints();
    checks.slaPolicy();
    checks.cron();
    checks.updateSettings();
  }

  private void jobShape() {
    long instances = job.path("instances").asLong();
    if (instances <= 0) {
      throw fail("instances", "Instance count must be positive.");
    }
    if (instances > MAX_TASKS_PER_JOB) {
      throw fail("instances", "Instance count must be between 1 and " + MAX_TASKS_PER_JOB + " inclusive.");
    }
    String environment = job.path("environment").asText();
    if (!ALLOWED_ENVIRONMENTS.matcher(environment).matches()) {
      throw fail("environment", "Environment '" + environment + "' is not allowed; it must match "
          + ALLOWED_ENVIRONMENTS.pattern());
    }
    JsonNode tier = job.path("tier");
    if (tier.isTextual() && !TIERS.contains(tier.asText())) {
      throw fail("tier", "Invalid tier '" + tier.asText() + "' in TaskConfig.");
    }
    String executor = job.path("executor_config").path("name").asText("AuroraExecutor");
    if (!executor.equals("AuroraExecutor")) {
      throw fail("executor_config.name", "Configuration for executor '" + executor + "' doesn't exist.");
    }
  }

  private void constraints() {
    String role = job.path("role").asText();
    job.path("constraints").properties().forEach(e -> {
      String value = e.getValue().asText();
      String path = "constraints[" + e.getKey() + "]";
      if (value.startsWith("limit:")) {
        if (!value.substring(6).matches("\\d+")) {
          throw fail(path, "Limit constraint value must be an integer, got '" + value.substring(6) + "'");
        }
      } else if (e.getKey().equals("dedicated")) {
        String owner = value.contains("/") ? value.substring(0, value.indexOf('/')) : "";
        if (value.startsWith("!") || value.contains(",") || !(owner.equals(role) || owner.equals("*"))) {
          throw fail(path, "Only " + role + " may use hosts dedicated for that role: the dedicated constraint must be"
              + " a single value '" + role + "/<group>' or '*/<group>', got '" + value + "'");
        }
      }
    });
  }

  /**
   * The SLA policy checks that need no operator setting. Whether the job's tier may have a policy and whether it has
   * enough instances for a Count/Percentage one depend on the operator's settings, so the operator's admission checks
   * those ({@code -sla_aware_kill_non_prod}, {@code -min_required_instances_for_sla_check} in Aurora).
   */
  private void slaPolicy() {
    JsonNode sla = job.path("sla_policy");
    if (job.path("update_config").path("sla_aware").asBoolean(false) && !sla.isObject()) {
      throw fail("update_config.sla_aware", "sla_aware=True needs an sla_policy: an SLA-aware update kills an "
          + "instance only while the job's SLA policy allows it.");
    }
    if (!sla.isObject()) {
      return;
    }
    long instances = job.path("instances").asLong();
    if (sla.has("count") && sla.path("count").asLong() >= instances) {
      throw fail("sla_policy.count", "SLA count " + sla.path("count").asLong() + " must be less than the number of"
          + " instances (" + instances + ").");
    }
    if (sla.has("percentage") && instances - instances * sla.path("percentage").asDouble() / 100.0 < 1) {
      throw fail("sla_policy.percentage", "SLA percentage " + sla.path("percentage").asDouble()
          + " leaves no instance that may be killed; it must be less than "
          + (instances - 1) * 100.0 / instances + ".");
    }
    if (sla.path("duration_secs").asLong() > MAX_SLA_DURATION_SECS) {
      throw fail("sla_policy.duration_secs", "SLA duration_secs " + sla.path("duration_secs").asLong()
          + " is over the maximum of " + MAX_SLA_DURATION_SECS + ".");
    }
  }

  private void cron() {
    JsonNode schedule = job.path("cron_schedule");
    String policy = job.path("cron_collision_policy").asText("KILL_EXISTING").toUpperCase(Locale.ROOT);
    if (!List.of("KILL_EXISTING", "CANCEL_NEW", "RUN_OVERLAP").contains(policy)) {
      throw fail("cron_collision_policy", "Invalid cron_collision_policy '" + job.path("cron_collision_policy").asText()
          + "': expected KILL_EXISTING, CANCEL_NEW or RUN_OVERLAP");
    }
    if (schedule.isMissingNode()) {
      return;
    }
    if (job.path("service").asBoolean()) {
      throw fail("cron_schedule", "A service task may not be run on a cron schedule");
    }
    String problem = CronSchedule.problem(schedule.asText());
    if (problem != null) {
      throw fail("cron_schedule", "Invalid cron schedule: " + schedule.asText() + " (" + problem + ")");
    }
    if (policy.equals("RUN_OVERLAP")) {
      throw fail("cron_collision_policy", "The RUN_OVERLAP collision policy has been removed (AURORA-38).");
    }
  }

  /** The client's update settings (updater_util) as the scheduler's startJobUpdate validated them. */
  private void updateSettings() {
    JsonNode update = job.path("update_config");
    if (update.path("batch_size").asLong() <= 0) {
      throw fail("update_config.batch_size", "Update batch_size must be positive, got " + update.path("batch_size").asText());
    }
    JsonNode pulse = update.path("pulse_interval_secs");
    if (pulse.isNumber() && pulse.asLong() < 60) {
      throw fail("update_config.pulse_interval_secs",
          "pulse_interval_secs must be at least 60 seconds, got " + pulse.asLong());
    }
    JsonNode strategy = update.path("update_strategy");
    if (!strategy.isObject()) {
      return;
    }
    if (update.path("wait_for_batch_completion").asBoolean() || update.path("batch_size").asLong() > 1) {
      throw fail("update_config.update_strategy", "Ambiguous update configuration: set either update_strategy or "
          + "batch_size/wait_for_batch_completion, not both.");
    }
    JsonNode sizes = strategy.has("batch_sizes") ? strategy.path("batch_sizes") : null;
    if (sizes != null && sizes.isEmpty()) {
      throw fail("update_config.update_strategy.batch_sizes", "batch_sizes must not be empty");
    }
    for (JsonNode size : sizes != null ? sizes : List.of(strategy.path("batch_size"))) {
      if (size.asLong() <= 0) {
        throw fail("update_config.update_strategy", "Update batch sizes must be positive, got " + size.asText());
      }
    }
  }

  private ConfigException fail(String fieldPath, String message) {
    return new ConfigException(file, fieldPath, message);
  }
}
