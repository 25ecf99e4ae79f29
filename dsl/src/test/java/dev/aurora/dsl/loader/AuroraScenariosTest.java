package dev.aurora.dsl.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.ConfigError;
import dev.aurora.dsl.Configs;
import dev.aurora.dsl.model.JobSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tricky configurations of AURORA.md §8, end to end through the evaluator. */
class AuroraScenariosTest {

  @Test
  void includeChainStructProfileAndCommandLineBind() {
    Map<String, String> files = Map.of(
        "main.aurora", "include('base.aurora')\n"
            + "jobs = [job.bind(profile=Profile(env='prod')), job.bind(profile=Profile(env='staging', instances=2))]\n",
        "base.aurora", "include('sub/procs.aurora')\n"
            + "class Profile(Struct):\n  env = Required(String)\n  instances = Default(Integer, 1)\n"
            + "job = Service(cluster='c', role='r', environment='{{profile.env}}', name='app-{{profile.env}}',"
            + " instances='{{profile.instances}}', task=SequentialTask(processes=[setup, serve],"
            + " resources=Resources(cpu=1, ram=64*MB, disk=64*MB)))\n",
        "sub/procs.aurora", "include('more.aurora')\nsetup = Process(name='setup', cmdline='echo {{name}}')\n",
        "sub/more.aurora", "serve = Process(name='serve', cmdline='serve --env={{profile.env}} --n={{instances}}')\n");
    JobSpec prod = Configs.evaluate(files, "c/r/prod/app-prod", "profile.instances=5").jobs().get(0);
    assertEquals(5, prod.instances());
    assertEquals("echo setup", prod.task().processes().get(0).cmdline());
    assertEquals("serve --env=prod --n=5", prod.task().processes().get(1).cmdline());
    JobSpec staging = Configs.evaluate(files, "c/r/staging/app-staging").jobs().get(0);
    assertEquals(2, staging.instances());
  }

  @Test
  void attributesBeatBindingsAndProcessBindingsBeatJobAttributes() {
    JobSpec job = Configs.job("p = Process(name='p', cmdline='{{role}} {{cluster}} {{environment}} {{task.name}}"
        + " {{who}}').bind(who='process')\n"
        + "jobs = [Job(cluster='c', role='r', environment='prod', name='n', task=Task(name='t', processes=[p],"
        + " resources=Resources(cpu=1, ram=64*MB, disk=64*MB))).bind(role='ignored', who='job')]\n", null);
    assertEquals("r c prod t process", job.task().processes().get(0).cmdline());
  }

  @Test
  void aDockerBindingHelperRefIsRefused() {
    ConfigError error = Configs.error("jobs = [Job(cluster='c', role='r', environment='prod', name='n',"
        + " task=SimpleTask(name='n', command='true'),"
        + " container=Docker(image='{{docker.image[library/python][2.7-slim-stretch]}}'))]\n", null);
    assertEquals("Config contains unbound variables: {{docker.image[library/python][2.7-slim-stretch]}}",
        error.message());
  }

  @Test
  void portsMustBeIndexedNotDereferenced() {
    ConfigError error = Configs.error("jobs = [Job(cluster='c', role='r', environment='prod', name='n',"
        + " task=SimpleTask(name='n', command='serve {{thermos.ports.http}}'))]\n", null);
    assertTrue(error.message().contains("{{thermos.ports.http}}"), error.message());
    assertEquals("task", error.fieldPath());
  }

  @Test
  void announcerPortmapsAndHealthChecks() {
    JobSpec job = Configs.job("jobs = [Service(cluster='c', role='r', environment='prod', name='n',"
        + " task=SimpleTask(name='n', command='serve {{thermos.ports[http]}} {{thermos.ports[alias]}}'),"
        + " announce=Announcer(primary_port='http', portmap={'alias': 'http'}),"
        + " health_check_config=HealthCheckConfig(health_checker=HealthCheckerConfig("
        + "shell=ShellHealthChecker(shell_command='curl localhost:{{thermos.ports[health]}}'))),"
        + " lifecycle=DisableLifecycle)]\n", null);
    assertEquals(new JobSpec.Announcer("http", Map.of("alias", "http"), null), job.announce());
    assertEquals("curl localhost:{{thermos.ports[health]}}", job.healthCheck().shellCommand());
    assertEquals(null, job.healthCheck().http());
    assertEquals(null, job.lifecycle());
    assertTrue(job.service());
  }

  @Test
  void aTemplateCycleIsRefusedWithTheField() {
    ConfigError error = Configs.error("jobs = [Job(cluster='c', role='r', environment='prod',"
        + " task=SimpleTask(name='{{name}}', command='true'))]\n", null);
    assertTrue(error.message().contains("Maximum replacements reached"), error.message());
  }
}
