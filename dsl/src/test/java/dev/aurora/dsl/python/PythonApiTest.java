package dev.aurora.dsl.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.ConfigError;
import dev.aurora.dsl.EvaluationPolicy;
import dev.aurora.dsl.ConfigException;
import dev.aurora.dsl.loader.ConfigSources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.python.core.PyObject;
import org.python.core.PyStringMap;

/** The engine as Python code uses it: constructors, copies, bindings, accessors, user Structs and the helpers. */
class PythonApiTest {

  /** Runs {@code source} and returns {@code str()} of the global {@code result}. */
  private static String run(String source) {
    synchronized (PythonRuntime.LOCK) {
      PyStringMap globals = ConfigExecution.run("t.aurora", ConfigSources.named(Map.of("t.aurora", source)), Map.of(),
          EvaluationPolicy.TRUSTED);
      PyObject result = globals.__finditem__("result");
      return result == null ? null : result.__str__().toString();
    }
  }

  private static ConfigError failure(String source) {
    return assertThrows(ConfigException.class, () -> run(source)).error();
  }

  @Test
  void structsConstructCopyAndReadFields() {
    assertEquals("hello", run("p = Process(name='hello', cmdline='echo')\nresult = p.name()"));
    assertEquals("echo 2", run("p = Process(name='hello', cmdline='echo 1')\nresult = p(cmdline='echo 2').cmdline()"));
    assertEquals("(True, False, True)", run(
        "p = Process(name='x', cmdline='y')\nresult = (p.has_name(), p.has_logger(), p.has_max_failures())"));
    assertEquals("Empty", run("result = Process(name='x').logger()"));
    assertEquals("True", run("result = Process(name='x').logger() is Empty"));
    assertEquals("5", run("result = Process(name='x').min_duration().get()"));
  }

  @Test
  void unknownAttributesAreAttributeErrors() {
    ConfigError error = failure("x = 1\np = Process(nmae='typo')\n");
    assertEquals(2, error.line());
    assertEquals("AttributeError: Unknown schema attribute nmae", error.message());
    assertEquals("AttributeError: Process has no attribute nothing",
        failure("result = Process(name='x').nothing()").message());
  }

  @Test
  void bindInterpolateCheckAndPercent() {
    assertEquals("echo hi", run("p = Process(name='x', cmdline='echo {{w}}').bind(w='hi')\nresult = p.cmdline()"));
    assertEquals("echo yo", run("result = (Process(name='x', cmdline='echo {{w}}') % {'w': 'yo'}).cmdline()"));
    assertEquals("[Ref(w)]", run("result = repr(Process(name='x', cmdline='{{w}}').interpolate()[1])"));
    assertEquals("TypeCheck(FAILED): Process[cmdline] is required.", run("result = Process(name='x').check()"));
    assertEquals("True", run("result = Process(name='x', cmdline='y').check().ok()"));
    assertEquals("{\"cpu\": 1.0, \"gpu\": 0, \"disk\": 2, \"ram\": 3}",
        run("result = Resources(cpu=1, ram=3, disk=2).json_dumps()"));
  }

  @Test
  void userStructsTakeFieldsAndDropEverythingElse() {
    String profile = "class Profile(Struct):\n"
        + "  version = Default(String, 'live')\n"
        + "  owner = Required(String)\n"
        + "  replicas = Integer\n"
        + "  CONSTANT = 3\n"
        + "  def helper(self):\n"
        + "    return 1\n";
    assertEquals("live", run(profile + "result = Profile().version()"));
    assertEquals("TypeCheck(FAILED): Profile[owner] is required.", run(profile + "result = Profile().check()"));
    assertEquals("echo live/7", run(profile
        + "result = Process(name='p', cmdline='echo {{profile.version}}/{{profile.replicas}}')"
        + ".bind(profile=Profile(owner='me', replicas=7)).cmdline()"));
    assertEquals("AttributeError: Profile has no attribute helper", failure(profile + "Profile(owner='x').helper()").message());
  }

  @Test
  void typeFactoriesWork() {
    assertEquals("(1, 2)", run("result = List(Integer)([1, '2']).interpolate()[0].get()"));
    assertEquals("8080", run("M = Map(String, Integer)\nresult = M({'http': '8080'})['http']"));
    assertEquals("ValueError: Enum_Red_Green only accepts the following values: Red, Green",
        failure("Color = Enum('Red', 'Green')\nc = Color('Brown')").message());
    assertEquals("RW", run("result = Mode('RW')"));
    assertEquals("Integer(3)", run("C = Choice([Integer, String])\nresult = repr(C(3).unwrap())"));
    assertEquals("True", run("result = isinstance(Empty, object) and Process(name='x').logger() is Empty"));
  }

  @Test
  void listsConcatenateAndIterate() {
    assertEquals("StringList(a, b) StringList(c)", run("cs = order('a', 'b') + order('c')\n"
        + "result = ' '.join(str(c.order()) for c in cs)"));
    assertEquals("2", run("t = Task(processes=[Process(name='a'), Process(name='b')])\nresult = len(t.processes())"));
    assertEquals("a,b", run("t = Task(processes=[Process(name='a'), Process(name='b')])\n"
        + "result = ','.join(p.name().get() for p in t.processes())"));
  }

  @Test
  void orderAcceptsProcessesAndNamesOnly() {
    assertEquals("StringList(a, b)", run("result = order(Process(name='a'), 'b')[0].order()"));
    assertTrue(failure("order(1)").message().startsWith("ValueError: Unknown value for process order: 1"));
  }

  @Test
  void sequentialTaskRefusesExistingConstraints() {
    ConfigError error = failure("p = Process(name='p', cmdline='true')\n"
        + "t = SequentialTask(processes=[p], constraints=order(p))\n");
    assertEquals(2, error.line());
    assertEquals("ValueError: Cannot turn a Task with existing constraints into a SequentialTask!", error.message());
  }

  @Test
  void combineAddsResourcesAndConcatChainsTasks() {
    String tasks = "a = Process(name='a', cmdline='1')\nb = Process(name='b', cmdline='2')\n"
        + "c = Process(name='c', cmdline='3')\n"
        + "t1 = Task(name='one', processes=[a, b], resources=Resources(cpu=1, ram=2, disk=3), finalization_wait=10)\n"
        + "t2 = Task(name='two', processes=[c], resources=Resources(cpu=2, ram=1, disk=5, gpu=1),"
        + " finalization_wait=20)\n";
    assertEquals("two 3.0 3 8 1 20 []", run(tasks + "t = Tasks.combine(t1, t2)\n"
        + "r = t.resources()\nresult = '%s %s %s %s %s %s %s' % (t.name(), r.cpu(), r.ram(), r.disk(), r.gpu(),"
        + " t.finalization_wait(), [str(x.order()) for x in t.constraints()])"));
    assertEquals("two 2.0 2 5 30 ['StringList(a, c)', 'StringList(b, c)']", run(tasks + "t = concat_tasks(t1, t2)\n"
        + "r = t.resources()\nresult = '%s %s %s %s %s %s' % (t.name(), r.cpu(), r.ram(), r.disk(),"
        + " t.finalization_wait(), [str(x.order()) for x in t.constraints()])"));
    assertEquals("named", run(tasks + "result = Tasks.combine(t1, t2, name='named').name()"));
  }

  @Test
  void simpleTaskHasAurorasDefaults() {
    assertEquals("1.0 1073741824 1073741824 echo", run("t = SimpleTask('n', 'echo')\nr = t.resources()\n"
        + "result = '%s %s %s %s' % (r.cpu(), r.ram(), r.disk(), t.processes()[0].cmdline())"));
  }

  @Test
  void optionBuilders() {
    assertEquals("-server -Xmx 1g", run("result = java_options('server', {'Xmx': '1g'})"));
    assertEquals("-v --verbose --level 3", run("result = python_options('v', 'verbose', {'level': 3})"));
  }

  @Test
  void theNamespaceHasAurorasNames() {
    String names = run("result = ' '.join(sorted(k for k in globals().keys() if not k.startswith('__')))");
    for (String name : List.of("AURORA_EXECUTOR_NAME", "Announcer", "DefaultLifecycleConfig", "MesosJob", "Service",
        "SequentialTask", "Tasks", "Units", "combine_tasks", "concat_tasks", "include", "java_options", "order",
        "python_options", "Required", "Default", "Choice", "Enum", "Empty", "Environment", "GB", "TB", "Struct")) {
      assertTrue((" " + names + " ").contains(" " + name + " "), name + " missing from " + names);
    }
    assertTrue(!(" " + names + " ").contains(" Provided "), "Provided must not exist");
  }
}
