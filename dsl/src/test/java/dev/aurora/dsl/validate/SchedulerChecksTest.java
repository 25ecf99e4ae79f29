package dev.aurora.dsl.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aurora.dsl.ConfigError;
import dev.aurora.dsl.Configs;
import org.junit.jupiter.api.Test;

/** What Aurora's scheduler refused on submission, with its default settings (AURORA.md §4.6). */
class SchedulerChecksTest {

  private static ConfigError job(String environment, String extra) {
    return Configs.error("jobs = [Job(cluster='c', role='r', environment='" + environment + "', name='n',"
        + " task=SimpleTask(name='n', command='true')" + extra + ")]\n", null);
  }

  private static void ok(String environment, String extra) {
    Configs.job("jobs = [Job(cluster='c', role='r', environment='" + environment + "', name='n',"
        + " task=SimpleTask(name='n', command='true')" + extra + ")]\n", null);
  }

  private static void assertError(String path, String message, ConfigError error) {
    assertEquals(message, error.message(), error.render());
    assertEquals(path, error.fieldPath(), error.render());
  }

  @Test
  void instanceCountAndEnvironment() {
    assertError("instances", "Instance count must be between 1 and 4000 inclusive.", job("prod", ", instances=4001"));
    assertError("environment", "Environment 'production' is not allowed; it must match ^(prod|devel|test|staging\\d*)$",
        job("production", ""));
    ok("staging2", "");
  }

  @Test
  void tiersAndExecutors() {
    assertError("tier", "Invalid tier 'gold' in TaskConfig.", job("prod", ", tier='gold'"));
    assertError("executor_config.name", "Configuration for executor 'custom' doesn't exist.",
        job("prod", ", executor_config=ExecutorConfig(name='custom')"));
    ok("prod", ", tier='revocable'");
  }

  @Test
  void dedicatedAndLimitConstraints() {
    assertError("constraints[dedicated]", "Only r may use hosts dedicated for that role: the dedicated constraint must"
        + " be a single value 'r/<group>' or '*/<group>', got 'other/hosts'",
        job("prod", ", constraints={'dedicated': 'other/hosts'}"));
    assertError("constraints[host]", "Limit constraint value must be an integer, got 'many'",
        job("prod", ", constraints={'host': 'limit:many'}"));
    ok("prod", ", constraints={'dedicated': '*/hosts', 'host': 'limit:1', 'rack': '!r1,r2'}");
  }

  @Test
  void slaPolicies() {
    // The tier and the minimum instance count depend on operator settings: the operator's admission checks them.
    ok("prod", ", instances=30, sla_policy=CountSlaPolicy(count=1, duration_secs=60)");
    ok("prod", ", tier='preferred', instances=2, sla_policy=PercentageSlaPolicy(percentage=50, duration_secs=60)");
    assertError("sla_policy.percentage", "SLA percentage 60.0 leaves no instance that may be killed; it must be less "
        + "than 50.0.", job("prod", ", tier='preferred', instances=2,"
        + " sla_policy=PercentageSlaPolicy(percentage=60, duration_secs=60)"));
    assertError("update_config.sla_aware", "sla_aware=True needs an sla_policy: an SLA-aware update kills an instance"
        + " only while the job's SLA policy allows it.", job("prod", ", update_config=UpdateConfig(sla_aware=True)"));
    assertError("sla_policy.count", "SLA count 30 must be less than the number of instances (30).",
        job("prod", ", tier='preferred', instances=30, sla_policy=CountSlaPolicy(count=30, duration_secs=60)"));
    assertError("sla_policy.duration_secs", "SLA duration_secs 7201 is over the maximum of 7200.",
        job("prod", ", production=True, instances=30, sla_policy=CountSlaPolicy(count=3, duration_secs=7201)"));
    ok("prod", ", tier='preferred', sla_policy=CoordinatorSlaPolicy(coordinator_url='http://c')");
  }
}
