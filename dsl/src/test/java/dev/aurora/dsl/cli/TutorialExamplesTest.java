package dev.aurora.dsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.cli.InspectCommandTest.Run;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every example of the Aurora configuration tutorial (../shared/seeds) goes through {@code inspect}: the completed
 * copies under test resources {@code tutorial/} (the corpus holds the others), and the tutorial's typos give an
 * error naming file and line.
 */
class TutorialExamplesTest {

  private static String tutorial(String name) {
    try {
      return Path.of(TutorialExamplesTest.class.getResource("/tutorial/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String inspectOk(String file, String key) {
    Run run = InspectCommandTest.inspect(file, key);
    assertEquals(0, run.code(), run.err());
    return run.out();
  }

  @Test
  void theProcessExamples() {
    assertTrue(inspectOk(tutorial("processes_bad_way.aurora"), "cluster1/www-data/prod/app")
        .contains("constraints:\n  copy < unpack < remove < app\n"));
    assertTrue(inspectOk(tutorial("processes_staged.aurora"), "cluster1/www-data/prod/stage")
        .contains("constraints:\n  stage < app\n"));
  }

  @Test
  void theTaskExamples() {
    assertTrue(inspectOk(tutorial("basic_task.aurora"), "cluster1/www-data/devel/hello_world")
        .contains("Process 'hello_world':\n  cmdline:\n    echo hello world\n"));
    assertTrue(inspectOk(tutorial("order_constraints.aurora"), "cluster1/www-data/test/ordered")
        .contains("process1 < process2 < process3"));
    assertTrue(inspectOk(tutorial("order_constraints.aurora"), "cluster1/www-data/test/sequential")
        .contains("process1 < process2 < process3"));
    String concat = inspectOk(InspectCommandTest.corpus("ordering_and_combining.aurora"), "cluster1/www-data/test/concat");
    assertTrue(concat.contains("download_interpreter < download_application"), concat);
  }

  @Test
  void theJobExamples() {
    assertTrue(inspectOk(tutorial("simple_task_job.aurora"), "cluster1/jdoe/test/hello_world")
        .contains("role:       'jdoe'"));
    assertTrue(inspectOk(tutorial("foo_job.aurora"), "cluster1/jdoe/prod/foo").contains("name:       'foo'"));
    assertTrue(inspectOk(InspectCommandTest.corpus("hello_world.aurora"), "cluster1/jdoe/test/hello_world")
        .contains("name:       'hello_world'"));
    assertTrue(inspectOk(InspectCommandTest.corpus("hello_world_productionized.aurora"),
        "cluster1/jdoe/test/hello_world-cluster1").contains("instances:  '25'"));
    assertTrue(inspectOk(InspectCommandTest.corpus("tutorial_typical.aurora"), "cluster1/myteam/staging/application")
        .contains("-Xloggc:gc.log"));
    assertTrue(inspectOk(InspectCommandTest.corpus("thermos_profile.aurora"), "cluster1/www-data/test/profile_demo")
        .contains("setup < read"));
  }

  @Test
  void theTutorialsTyposGiveClearErrors() {
    Run comma = InspectCommandTest.inspect(tutorial("hello_world_productionized_as_published.aurora"),
        "cluster1/jdoe/test/hello_world-cluster1");
    assertEquals(3, comma.code());
    assertTrue(comma.err().contains("hello_world_productionized_as_published.aurora, line 7: SyntaxError: "
        + "no viable alternative at input 'task'"), comma.err());

    Run undefined = InspectCommandTest.inspect(tutorial("hello_world_productionized_comma_fixed.aurora"),
        "cluster1/jdoe/test/hello_world-cluster1");
    assertEquals(3, undefined.code());
    assertTrue(undefined.err().contains("hello_world_productionized_comma_fixed.aurora, line 5: "
        + "NameError: name 'hello_world' is not defined"), undefined.err());

    Run profile = InspectCommandTest.inspect(tutorial("thermos_profile_as_published.aurora"));
    assertEquals(3, profile.code());
    assertTrue(profile.err().contains("thermos_profile_as_published.aurora, line 12: SyntaxError"), profile.err());
  }
}
