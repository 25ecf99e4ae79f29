package dev.aurora.dsl.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.ConfigError;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.dsl.loader.JobKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configs submitted to the operator ({@code ofFiles}) run under EvaluationPolicy.SANDBOX and cannot leak state. */
class SandboxPolicyTest {
  private static final String JOB = "jobs = [Job(cluster='c', role='r', environment='prod', name=NAME,"
      + " task=SimpleTask(name='t', command='true'))]\n";

  private static EvaluationResult sandboxed(String source) {
    return AuroraConfigEvaluator.evaluate(EvaluationRequest.ofFiles("job.aurora", Map.of("job.aurora", source),
        Map.of("USER", "jdoe"), List.of(), null));
  }

  private static ConfigError refused(String source) {
    EvaluationResult result = sandboxed(source);
    assertTrue(!result.ok(), () -> "expected a refusal of:\n" + source);
    return result.error();
  }

  @Test
  void onlyAllowedModulesImport() {
    ConfigError socket = refused("x = 1\nimport socket\n");
    assertEquals(2, socket.line());
    assertEquals("ImportError: import of 'socket' is not allowed in a .aurora file", socket.message());
    assertTrue(refused("from java.lang import Runtime\n").message().contains("import of 'java.lang' is not allowed"));
    assertTrue(refused("import subprocess\n").message().contains("import of 'subprocess' is not allowed"));
    assertTrue(refused("import sys\n").message().contains("import of 'sys' is not allowed"));
    assertTrue(refused("m = eval(\"__import__('subprocess')\")\n").message().contains("'subprocess' is not allowed"));
    assertTrue(refused("m = __import__('posix')\n").message().contains("'posix' is not allowed"));
  }

  @Test
  void theStandardLibrarysOwnImportsStillWork() {
    EvaluationResult result = sandboxed("import json, re, os, getpass, collections, datetime\n"
        + "NAME = json.loads('{\"n\": \"%s\"}' % re.sub('o', '0', getpass.getuser() + os.getenv('USER')))['n']\n"
        + JOB);
    assertTrue(result.ok(), () -> result.error().render());
    assertEquals("jd0ejd0e", result.jobs().get(0).key().name());
  }

  @Test
  void includeReadsTheGivenFilesAndRefusesToLeaveThem() {
    EvaluationResult nested = AuroraConfigEvaluator.evaluate(EvaluationRequest.ofFiles("job.aurora",
        Map.of("job.aurora", "include('lib/name.aurora')\n" + JOB, "lib/name.aurora", "include('../base.aurora')\n",
            "base.aurora", "NAME = 'from_base'\n"),
        Map.of(), List.of(), null));
    assertTrue(nested.ok(), () -> nested.error().render());
    assertEquals("from_base", nested.jobs().get(0).key().name());

    ConfigError climb = refused("include('../../etc/passwd')\n");
    assertEquals(1, climb.line());
    assertEquals("IOError: include('../../etc/passwd') refused: include() reads only the files given with the job "
        + "(spec.files), by relative name; '..' above them and absolute paths are not allowed", climb.message());
    assertTrue(refused("include('/etc/passwd')\n").message().contains("include('/etc/passwd') refused"));
    assertTrue(refused("include('missing.aurora')\n").message()
        .contains("No such file or directory: 'missing.aurora'"));
  }

  @Test
  void fileAndCodeBuiltinsAreWithheld() {
    assertEquals("RuntimeError: open() is not available in a .aurora file",
        refused("x = open('/etc/passwd').read()\n").message());
    assertTrue(refused("execfile('/etc/passwd')\n").message().contains("execfile() is not available"));
    assertTrue(refused("c = compile('1', 'x', 'eval')\n").message().contains("compile() is not available"));
    assertTrue(refused("import os\nos.system('true')\n").message().contains("has no attribute 'system'"));
  }

  @Test
  void nothingAConfigPatchesReachesTheNextEvaluation() {
    sandboxed("Tasks.simple = None\n__builtins__['len'] = None\nimport math, os\nmath.pi = 3\n"
        + "os.environ['USER'] = 'mallory'\nStruct.__doc__ = 'patched'\njobs = []\n");
    EvaluationResult clean = sandboxed("import math, os\n"
        + "NAME = '%s-%d-%s' % (os.getenv('USER'), len([1, 2]), str(math.pi)[:4])\n"
        + "assert Tasks.simple is not None and Struct.__doc__ != 'patched'\n" + JOB);
    assertTrue(clean.ok(), () -> clean.error().render());
    assertEquals(new JobKey("c", "r", "prod", "jdoe-2-3.14"), clean.jobs().get(0).key());
  }

  @Test
  void trustedEvaluationKeepsAurorasPython() {
    EvaluationResult result = AuroraConfigEvaluator.evaluate(new EvaluationRequest("job.aurora",
        dev.aurora.dsl.loader.ConfigSources.named(Map.of("job.aurora", "import sys, socket\nNAME = 'n'\n" + JOB)),
        Map.of(), List.of(), null));
    assertTrue(result.ok(), () -> result.error().render());
  }
}
