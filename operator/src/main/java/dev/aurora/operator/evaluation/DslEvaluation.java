package dev.aurora.operator.evaluation;

import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.ConfigError;
import dev.aurora.dsl.EvaluationRequest;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.dsl.loader.JobKey;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.dsl.python.PythonRuntime;
import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Request;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.python.core.Py;

/**
 * Inside a worker: one protocol request through the dsl's evaluator, and its result as a protocol response.
 * Classifies what went wrong so the caller can tell a bad config from a limit or a refused operation.
 */
final class DslEvaluation {
  private DslEvaluation() {}

  static Response evaluate(Request request, WorkerSecurityManager guard) {
    EvaluationInput input = request.input();
    guard.clearDenials();
    EvaluationResult result;
    try {
      PythonRuntime.get();
      Py.getSystemState().setrecursionlimit(request.recursionLimit());
      result = AuroraConfigEvaluator.evaluate(toDslRequest(input));
    } catch (IllegalArgumentException e) {
      return Response.failure(request.id(), new EvaluationFailure(Kind.INVALID_CONFIG, input.fileName(), 0, "",
          e.getMessage()), false);
    } catch (StackOverflowError e) {
      return Response.failure(request.id(), recursion(input.fileName(), 0, request), true);
    } catch (RuntimeException e) {
      // The dsl promises not to throw for a config; if it does, its interpreter state is not to be trusted.
      return Response.failure(request.id(), EvaluationFailure.of(Kind.WORKER_FAILURE,
          "the evaluator failed: " + e), true);
    }
    String denial = guard.lastDenial();
    if (denial != null) {
      ConfigError where = result.error();
      return Response.failure(request.id(), new EvaluationFailure(Kind.SANDBOX_VIOLATION,
          where == null ? input.fileName() : where.file(), where == null ? 0 : where.line(), "", denial), false);
    }
    if (!result.ok()) {
      ConfigError error = result.error();
      if (error.message().contains("maximum recursion depth exceeded")) {
        return Response.failure(request.id(), recursion(error.file(), error.line(), request), false);
      }
      return Response.failure(request.id(), new EvaluationFailure(Kind.INVALID_CONFIG, error.file(), error.line(),
          error.fieldPath(), error.message()), false);
    }
    return Response.success(request.id(), result.jobs().stream().map(JobSpec::jobJson).toList());
  }

  private static EvaluationFailure recursion(String file, int line, Request request) {
    return new EvaluationFailure(Kind.RECURSION_LIMIT, file, line, "",
        "evaluation exceeded the recursion limit of " + request.recursionLimit() + " nested calls");
  }

  static EvaluationRequest toDslRequest(EvaluationInput input) {
    Map<String, String> files = new LinkedHashMap<>(input.files());
    files.put(input.fileName(), input.source());
    return EvaluationRequest.ofFiles(input.fileName(), files, input.environment(), input.bindings(),
        jobKey(input.jobKey()));
  }

  /** {@code cluster/role/environment/name} as given, or a bare job name matching any cluster, role and environment. */
  static JobKey jobKey(String key) {
    if (key == null || key.isBlank()) {
      return null;
    }
    return key.contains("/") ? JobKey.parse(key) : new JobKey(null, null, null, key);
  }
}
