package dev.aurora.dsl.validate;

import static dev.aurora.dsl.Configs.RESOURCES;
import static dev.aurora.dsl.Configs.jobWithTask;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.aurora.dsl.ConfigError;
import dev.aurora.dsl.Configs;
import org.junit.jupiter.api.Test;

/** Aurora's client-side refusals (AURORA.md §4.4-4.6), each with the field it concerns. */
class ClientValidationTest {
  private static final String P = "a = Process(name='a', cmdline='1')\nb = Process(name='b', cmdline='2')\n"
      + "c = Process(name='c', cmdline='3')\n";

  private static ConfigError task(String processes, String extra) {
    return Configs.error(jobWithTask(P, "Task(name='t', processes=[" + processes + "], resources=" + RESOURCES
        + extra + ")"), null);
  }

  private static ConfigError job(String extra) {
    return Configs.error(P + "jobs = [Job(cluster='c', role='r', environment='prod', name='j', task=Task(name='t',"
        + " processes=[a], resources=" + RESOURCES + ")" + extra + ")]\n", null);
  }

  private static void assertError(String path, String message, ConfigError error) {
    assertEquals(message, error.message(), error.render());
    assertEquals(path, error.fieldPath(), error.render());
  }

  @Test
  void processNames() {
    assertError("task.processes[1].name", "Task is invalid: Task has invalid process: Invalid process name: x/y",
        task("a, Process(name='x/y', cmdline='1')", ""));
    assertError("task.processes[0].name", "Task is invalid: Task has invalid process: Invalid process name: .hidden",
        task("Process(name='.hidden', cmdline='1')", ""));
  }

  @Test
  void duplicateProcessNamesAreAcceptedAsAuroraDid() {
    Configs.job(jobWithTask(P, "Task(name='t', processes=[a, a(cmdline='again')], resources=" + RESOURCES + ")"), null);
  }

  @Test
  void resources() {
    assertError("task.resources", "Must specify ram and disk resources, got ram:0 disk:67108864",
        Configs.error(jobWithTask(P, "Task(name='t', processes=[a], resources=Resources(cpu=1, ram=0, disk=64*MB))"), null));
    assertError("task.resources",
        "Task has invalid resources.  cpu/ramMb/diskMb must all be positive: cpu:1.0 ramMb:0 diskMb:64",
        Configs.error(jobWithTask(P, "Task(name='t', processes=[a], resources=Resources(cpu=1, ram=1000, disk=64*MB))"), null));
    assertError("task.resources",
        "Task has invalid resources.  cpu/ramMb/diskMb must all be positive: cpu:0.0 ramMb:64 diskMb:64",
        Configs.error(jobWithTask(P, "Task(name='t', processes=[a], resources=Resources(cpu=0, ram=64*MB, disk=64*MB))"), null));
    assertError("task.resources", "Task must specify resources!",
        Configs.error(jobWithTask(P, "Task(name='t', processes=[a])"), null));
  }

  @Test
  void plannerRules() {
    assertError("task.constraints", "Task is invalid: Task has invalid plan: Cycles detected in the task schedule!",
        task("a, b", ", constraints=order(a, b) + order(b, a)"));
    assertError("task.constraints", "Task is invalid: Task has invalid plan: Invalid process dependencies!",
        task("a, b", ", constraints=order(a, 'ghost')"));
    assertError("task.constraints", "Task is invalid: Task has invalid plan: Process b may not depend upon daemon process a",
        task("a(daemon=True), b", ", constraints=order(a, b)"));
    assertError("task.constraints",
        "Task is invalid: Task has invalid plan: Non-ephemeral process b may not depend upon ephemeral process a",
        task("a(ephemeral=True), b", ", constraints=order(a, b)"));
    assertError("task.constraints", "Task is invalid: Task has invalid plan: Invalid process dependencies!",
        task("a, b(final=True)", ", constraints=order(a, b)"));
    // a constraint naming only processes that do not exist is ignored, as Aurora's planner did
    Configs.job(jobWithTask(P, "Task(name='t', processes=[a, b], resources=" + RESOURCES
        + ", constraints=order('x', 'y'))"), null);
  }

  @Test
  void refsThatThermosWouldNotResolve() {
    assertError("task", "Task is invalid: Unexpected unbound refs: {{literal}}. Make sure you are not nesting"
        + " template variables.", task("Process(name='p', cmdline='echo {{&literal}}')", ""));
    assertError("task", "Task is invalid: Unexpected unbound refs: {{list[31337]}}. Make sure you are not nesting"
        + " template variables.", task("Process(name='p', cmdline='echo {{list[{{mesos.instance}}]}}')", ""));
  }

  @Test
  void aPlacementRefInAnIntegerFieldFailsTheTypeCheck() {
    ConfigError error = Configs.error(jobWithTask(P, "Task(name='t', processes=[a],"
        + " resources=Resources(cpu=1, ram='{{mesos.instance}}', disk=64*MB))"), null);
    assertEquals("task.resources.ram", error.fieldPath());
    assertEquals("Job not fully specified: MesosJob[task] failed: Task[resources] failed: Resources[ram] failed:"
        + " u'{{mesos.instance}}' not an integer", error.message());
  }

  @Test
  void updateConfigLimits() {
    assertError("update_config.max_total_failures", "max_total_failures in update_config must be lesser than the job"
        + " size. Based on your job size (0) you should use max_total_failures <= -1.", job(", instances=0"));
    assertError("update_config.max_total_failures", "max_total_failures in update_config must be lesser than the job"
        + " size. Based on your job size (2) you should use max_total_failures <= 1.",
        job(", instances=2, update_config=UpdateConfig(max_total_failures=2)"));
    assertError("update_config.watch_secs", "Invalid value (-1) specified for watch_secs. Value cannot be less than 0.",
        job(", update_config=UpdateConfig(watch_secs=-1)"));
    assertError("health_check_config.interval_secs",
        "Invalid value (-2.0) specified for interval_secs. Value cannot be less than 0.",
        job(", health_check_config=HealthCheckConfig(interval_secs=-2)"));
    assertError("update_config.batch_size", "Update batch_size must be positive, got 0",
        job(", update_config=UpdateConfig(batch_size=0)"));
    assertError("update_config.max_total_failures", "Since this is a dedicated job, you must set your"
        + " max_total_failures in your update configuration to no less than 2% of your job size. Based on your job"
        + " size (100) you should use max_total_failures >= 2.", job(", instances=100, constraints={'dedicated': 'r/x'}"));
  }

  @Test
  void staticPortsNeedADedicatedJob() {
    assertError("announce.portmap[http]", "Job must be dedicated in order to specify static ports!",
        job(", announce=Announcer(portmap={'http': 8080})"));
    Configs.job(P + "jobs = [Job(cluster='c', role='r', environment='prod', name='j', task=Task(name='t',"
        + " processes=[a], resources=" + RESOURCES + "), announce=Announcer(portmap={'http': 8080}),"
        + " constraints={'dedicated': 'r/hosts'})]\n", null);
  }

  @Test
  void portmapCyclesAreRefused() {
    assertError("announce.portmap", "Found cycle in portmap! (a -> b -> a)",
        job(", announce=Announcer(portmap={'a': 'b', 'b': 'a'})"));
  }

  @Test
  void cron() {
    assertError("cron_collision_policy", "Invalid cron_collision_policy 'SOMETIMES': expected KILL_EXISTING,"
        + " CANCEL_NEW or RUN_OVERLAP", job(", cron_schedule='* * * * *', cron_collision_policy='SOMETIMES'"));
    assertError("cron_schedule", "A service task may not be run on a cron schedule",
        job(", cron_schedule='* * * * *', service=True"));
    assertError("cron_schedule", "Invalid cron schedule: 0 3 1,15 * (expected 5 fields (minute hour day-of-month"
        + " month day-of-week), got 4)", job(", cron_schedule='0 3 1,15 *'"));
    assertError("cron_collision_policy", "The RUN_OVERLAP collision policy has been removed (AURORA-38).",
        job(", cron_schedule='*/5 * * * *', cron_collision_policy='run_overlap'"));
    Configs.job(P + "jobs = [Job(cluster='c', role='r', environment='prod', name='j', task=Task(name='t',"
        + " processes=[a], resources=" + RESOURCES + "), cron_schedule='*/5 * * * MON-FRI',"
        + " cron_collision_policy='cancel_new')]\n", null);
  }

  @Test
  void identifiers() {
    assertError("role", "Invalid role 'r r'", Configs.error(P + "jobs = [Job(cluster='c', role='r r',"
        + " environment='prod', name='j', task=Task(name='t', processes=[a], resources=" + RESOURCES + "))]\n", null));
  }

  @Test
  void requiredParts() {
    assertError("role", "Role required for job \"j\"", Configs.error(P + "jobs = [Job(cluster='c',"
        + " environment='prod', name='j', task=Task(name='t', processes=[a], resources=" + RESOURCES + "))]\n", null));
    assertError("task.processes", "Processes required for task on job \"j\"", Configs.error("jobs = [Job(cluster='c',"
        + " role='r', environment='prod', name='j', task=Task(name='t', resources=" + RESOURCES + "))]\n", null));
  }

  @Test
  void interpolationFailuresNameTheField() {
    ConfigError cycle = Configs.error("jobs = [Job(cluster='c', role='r', environment='prod', name='j',"
        + " task=SimpleTask(name='t', command='echo {{a}}')).bind(a='{{b}}', b='{{a}}')]\n", null);
    assertEquals("task.processes[].cmdline", cycle.fieldPath());
    assertEquals("Uninterpolatable: Unable to interpolate echo {{a}}!  Maximum replacements reached.", cycle.message());
  }
}
