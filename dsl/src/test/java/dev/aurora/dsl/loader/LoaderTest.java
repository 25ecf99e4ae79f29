package dev.aurora.dsl.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.ConfigError;
import dev.aurora.dsl.Configs;
import dev.aurora.dsl.model.JobSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a file is run: include(), os.getenv, Python 2, bindings, selection and the deprecated aliases. */
class LoaderTest {
  private static final String SIMPLE = "SimpleTask(name='t', command='echo {{greeting}}')";

  @Test
  void includeResolvesRelativeToTheIncludingFileAndSharesTheNamespace() {
    Map<String, String> files = Map.of(
        "main.aurora", "include('lib/base.aurora')\njobs = [job]\n",
        "lib/base.aurora", "include('procs/hello.aurora')\n"
            + "job = Job(cluster='c', role='r', environment='prod', task=SequentialTask(name='t', processes=[hello],"
            + " resources=" + Configs.RESOURCES + "))\n",
        "lib/procs/hello.aurora", "hello = Process(name='hello', cmdline='echo hi')\n");
    JobSpec job = assertOk(Configs.evaluate(files, "c/r/prod/t"));
    assertEquals("hello", job.task().processes().get(0).name());
  }

  @Test
  void aMissingIncludeNamesTheIncludingLine() {
    ConfigError error = Configs.evaluate(Map.of("main.aurora", "x = 1\ninclude('nope.aurora')\n"), null).error();
    assertEquals("main.aurora", error.file());
    assertEquals(2, error.line());
    assertTrue(error.message().contains("IOError") && error.message().contains("nope.aurora"), error.message());
  }

  @Test
  void anErrorInAnIncludedFileNamesThatFileAndTheIncludeChain() {
    ConfigError error = Configs.evaluate(Map.of(
        "main.aurora", "\ninclude('sub/a.aurora')\n",
        "sub/a.aurora", "x = 1\ny = undefined_name\n"), null).error();
    assertEquals("sub/a.aurora", error.file());
    assertEquals(2, error.line());
    assertEquals("NameError: name 'undefined_name' is not defined (reached from main.aurora, line 2)",
        error.message());
  }

  @Test
  void anIncludeCycleIsReportedNotFatal() {
    ConfigError error = Configs.evaluate(Map.of("main.aurora", "include('main.aurora')\n"), null).error();
    assertEquals("main.aurora", error.file());
    assertTrue(error.message().startsWith("RuntimeError: include() nested more than 50 files deep"), error.message());
    assertEquals(1, error.line());
  }

  @Test
  void osGetenvSeesTheSuppliedEnvironmentOnly() {
    String source = "import os\nimport getpass\n"
        + "jobs = [Job(cluster='c', role=os.getenv('USER'), environment=os.getenv('NOT_SET', 'devel'),"
        + " name=getpass.getuser() + '-' + str(os.environ.get('PATH')), task=" + SIMPLE + ")]\n";
    JobSpec job = Configs.job(source, null, "greeting=hi");
    assertEquals(new JobKey("c", "jdoe", "devel", "jdoe-None"), job.key());
  }

  @Test
  void filesArePython2() {
    JobSpec job = Configs.job("half = 1 / 2\nprint 'printing is a statement'\n"
        + "jobs = [Job(cluster='c', role='r', environment='prod', name='n%d' % half, task=" + SIMPLE + ")]\n",
        null, "greeting=hi");
    assertEquals("n0", job.key().name());
  }

  @Test
  void commandLineBindingsBeatTheFilesOwnBindings() {
    String source = "jobs = [Job(cluster='c', role='r', environment='prod', name='n', task=" + SIMPLE
        + ").bind(greeting='from-file')]\n";
    assertEquals("echo from-file", Configs.job(source, null).task().processes().get(0).cmdline());
    assertEquals("echo from-cli", Configs.job(source, null, "greeting=from-cli").task().processes().get(0).cmdline());
  }

  @Test
  void bindingsApplyBeforeSelectionSoTheyCanChooseTheJob() {
    String source = "jobs = [Job(cluster='c', role='r', environment='prod', name='app-{{flavour}}', task="
        + "SimpleTask(name='t', command='true'))]\n";
    assertEquals("app-blue", Configs.job(source, "c/r/prod/app-blue", "flavour=blue").key().name());
  }

  @Test
  void aJobWithoutEnvironmentTakesTheOneItsKeyNames() {
    String source = "jobs = [Job(cluster='c', role='r', task=SimpleTask(name='hello', command='true'))]\n";
    assertEquals("test", Configs.job(source, "c/r/test/hello").key().environment());
    ConfigError withoutKey = Configs.error(source, null);
    assertEquals("environment", withoutKey.fieldPath());
    assertTrue(withoutKey.message().contains("MesosJob[environment] is required."), withoutKey.message());
  }

  @Test
  void aKeyMayNameOnlyTheJob() {
    String source = "jobs = [Job(cluster='c', role='r', environment='prod', name='a', task="
        + "SimpleTask(name='t', command='true')), Job(cluster='c', role='r', name='b', task="
        + "SimpleTask(name='t', command='true'))]\n";
    var byName = dev.aurora.dsl.AuroraConfigEvaluator.evaluate(dev.aurora.dsl.EvaluationRequest.ofFiles("main.aurora",
        Map.of("main.aurora", source), Configs.ENVIRONMENT, java.util.List.of(), new JobKey(null, null, null, "a")));
    assertEquals("a", byName.jobs().get(0).key().name());
    var noEnvironment = dev.aurora.dsl.AuroraConfigEvaluator.evaluate(dev.aurora.dsl.EvaluationRequest.ofFiles(
        "main.aurora", Map.of("main.aurora", source), Configs.ENVIRONMENT, java.util.List.of(),
        new JobKey(null, null, null, "b")));
    assertEquals("environment", noEnvironment.error().fieldPath());
  }

  @Test
  void selectionErrorsUseAurorasTexts() {
    String source = "t = SimpleTask(name='t', command='true')\n"
        + "jobs = [Job(cluster='c', role='r', environment='prod', name='a', task=t),\n"
        + "        Job(cluster='c', role='r', environment='prod', name='a', task=t(name='x')),\n"
        + "        Job(cluster='c', role='r', name='b', task=t)]\n";
    assertEquals("Could not find job c/r/prod/zz\n"
        + "Job c/r/{MISSING}/b in configuration file doesn't specify an environment\n"
        + "Candidates are:\n  c/r/prod/a\n  c/r/prod/a\n  c/r/{MISSING}/b", Configs.error(source, "c/r/prod/zz").message());
    assertEquals("Multiple jobs match, please disambiguate by specifying a job key.\n"
        + "Candidates are:\n  c/r/prod/a\n  c/r/prod/a\n  c/r/{MISSING}/b", Configs.error(source, "c/r/prod/a").message());
    assertEquals("No job defined in this config!", Configs.error("x = 1\n", null).message());
  }

  @Test
  void deprecatedAliasesResolveAndPlacementRefsStay() {
    String source = "jobs = [Job(cluster='c', role='r', environment='prod', name='n', task=SimpleTask(name='t',"
        + " command='{{mesos.role}} {{mesos.cluster}} {{thermos.user}} {{mesos.instance}} {{mesos.hostname}}"
        + " {{thermos.ports[http]}} {{thermos.task_id}}'))]\n";
    assertEquals("r c r {{mesos.instance}} {{mesos.hostname}} {{thermos.ports[http]}} {{thermos.task_id}}",
        Configs.job(source, null).task().processes().get(0).cmdline());
  }

  @Test
  void anyOtherUnboundRefIsRefused() {
    ConfigError error = Configs.error("jobs = [Job(cluster='c', role='r', environment='prod', name='n', task="
        + SIMPLE + ", contact='{{who}}@example.com')]\n", null, "greeting=hi");
    assertEquals("Config contains unbound variables: {{who}}", error.message());
  }

  @Test
  void withoutAKeyEveryJobIsValidatedAndAFailureNamesItsJob() {
    String source = "t = SimpleTask(name='t', command='true')\n"
        + "jobs = [Job(cluster='c', role='r', environment='prod', name='a', task=t),\n"
        + "        Job(cluster='c', role='r', environment='prod', name='b', task=t, instances=0)]\n";
    ConfigError error = Configs.error(source, null);
    assertEquals("jobs[1].update_config.max_total_failures", error.fieldPath());
    assertEquals(2, Configs.evaluate(source.replace(", instances=0", ""), null).jobs().size());
  }

  @Test
  void refusalsAfterTheFileRanPointAtTheStatementThatBuiltTheOffendingPart() {
    Map<String, String> files = Map.of(
        "main.aurora", "include('procs.aurora')\n"
            + "good = Process(name='good', cmdline='true')\n"
            + "task = Task(name='t', processes=[good, bad], resources=Resources(cpu=1, ram=64*MB, disk=64*MB))\n"
            + "jobs = [Job(cluster='c', role='r', environment='prod', name='n', task=task),\n"
            + "        Job(cluster='c', role='r', environment='prod', name='m', task=task(processes=[good]),\n"
            + "            instances=0)]\n",
        "procs.aurora", "# processes\nbad = Process(name='a/b', cmdline='true')\n");
    ConfigError badName = Configs.evaluate(files, "c/r/prod/n").error();
    assertEquals("procs.aurora, line 2: task.processes[1].name: Task is invalid: Task has invalid process:"
        + " Invalid process name: a/b", badName.render());
    ConfigError instances = Configs.evaluate(files, "c/r/prod/m").error();
    assertEquals("main.aurora", instances.file());
    assertEquals(4, instances.line());
    assertEquals("update_config.max_total_failures", instances.fieldPath());
  }

  @Test
  void multiLinePythonMessagesBecomeOneLine() {
    ConfigError error = Configs.error("class Base(Struct):\n  a = String\nclass Sub(Base):\n  b = String\n", null);
    assertEquals(3, error.line());
    assertTrue(error.message().startsWith("TypeError: ") && !error.message().contains("\n"), error.message());
  }

  @Test
  void aNonJobInJobsIsNamed() {
    ConfigError notAList = Configs.error("jobs = None\n", null);
    assertEquals("main.aurora: jobs: jobs must be a list of Job objects, got None", notAList.render());
    ConfigError error = Configs.error("jobs = [Process(name='p', cmdline='true')]\n", null);
    assertEquals("jobs[0]", error.fieldPath());
    assertTrue(error.message().contains("Process"), error.message());
  }

  @Test
  void aMalformedBindingIsReported() {
    String source = "jobs = [Job(cluster='c', role='r', environment='prod', name='n', task=" + SIMPLE + ")]\n";
    assertTrue(Configs.error(source, null, "no-equals-sign").message().contains("Malformed binding"));
  }

  private static JobSpec assertOk(dev.aurora.dsl.EvaluationResult result) {
    assertTrue(result.ok(), () -> result.error().render());
    return result.jobs().get(0);
  }
}
