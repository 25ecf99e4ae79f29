package dev.aurora.dsl;

import dev.aurora.dsl.loader.JobBindings;
import dev.aurora.dsl.loader.JobKey;
import dev.aurora.dsl.loader.JobOutcomes;
import dev.aurora.dsl.loader.JobSelector;
import dev.aurora.dsl.model.JobSpec;
import dev.aurora.dsl.model.JobSpecMapper;
import dev.aurora.dsl.pystachio.PValue;
import dev.aurora.dsl.pystachio.PystachioException;
import dev.aurora.dsl.pystachio.StructValue;
import dev.aurora.dsl.python.ConfigExecution;
import dev.aurora.dsl.python.PythonRuntime;
import dev.aurora.dsl.python.SourceSites;
import dev.aurora.dsl.schema.AuroraSchema;
import dev.aurora.dsl.validate.CheckPath;
import dev.aurora.dsl.validate.JobValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The public entry point from `.aurora` text to validated {@link JobSpec}s. The operator's {@code inspect} and the
 * sandboxed evaluator process call {@link #evaluate}; nothing it returns holds Python or templating objects.
 * Evaluations are serialised (one Jython runtime per JVM, kept warm between calls).
 */
public final class AuroraConfigEvaluator {
  private AuroraConfigEvaluator() {}

  /** Evaluates the request's job (or every job) through Aurora's loader, selection and client validation. */
  public static EvaluationResult evaluate(EvaluationRequest request) {
    synchronized (PythonRuntime.LOCK) {
      try {
        return EvaluationResult.success(validatedJobs(request));
      } catch (ConfigException e) {
        return EvaluationResult.failure(e.error());
      } catch (IllegalArgumentException | PystachioException e) {
        return EvaluationResult.failure(ConfigError.of(request.rootFile(), describe(e)));
      }
    }
  }

  /**
   * Every entry of {@code jobs} as Aurora's loader saw it (bindings applied, nothing selected or validated):
   * what the conformance corpus records. Throws {@link ConfigException} when the file itself fails.
   */
  public static List<JobEvaluation> evaluateEach(EvaluationRequest request) {
    synchronized (PythonRuntime.LOCK) {
      List<StructValue> jobs = boundJobs(request);
      List<JobEvaluation> out = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        out.add(JobOutcomes.evaluate(request.rootFile(), i, aliased(jobs.get(i))));
      }
      return out;
    }
  }

  private static List<JobSpec> validatedJobs(EvaluationRequest request) {
    List<StructValue> jobs = boundJobs(request);
    List<Integer> chosen = new ArrayList<>();
    if (request.jobKey() == null) {
      if (jobs.isEmpty()) {
        throw new IllegalArgumentException("No job defined in this config!");
      }
      for (int i = 0; i < jobs.size(); i++) {
        chosen.add(i);
      }
    } else {
      chosen.add(JobSelector.select(jobs.stream().map(AuroraConfigEvaluator::keyOf).toList(), request.jobKey()));
    }
    List<JobSpec> specs = new ArrayList<>();
    for (int index : chosen) {
      StructValue job = jobs.get(index);
      // Our one departure from Aurora: a job without an environment takes the one its key names (the tutorial's
      // hello_world is submitted as cluster1/$USER/test/hello_world without defining one; Aurora refused it).
      if (request.jobKey() != null && request.jobKey().environment() != null && !job.has("environment")) {
        job = SourceSites.sameSiteAs(job.copyWith(Map.of("environment", request.jobKey().environment())), job);
      }
      try {
        specs.add(validate(request.rootFile(), JobOutcomes.evaluate(request.rootFile(), index, aliased(job))));
      } catch (ConfigException e) {
        throw new ConfigException(located(e.error(), job, chosen.size() == 1 ? "" : "jobs[" + index + "]"));
      }
    }
    return specs;
  }

  /**
   * A refusal found after the file ran, placed at the config line that built the offending part of the job
   * (or the job itself); {@code prefix} names the job when every job of the file is validated.
   */
  private static ConfigError located(ConfigError error, StructValue job, String prefix) {
    SourceSites.Site site = error.line() > 0 ? null : SourceSites.locate(job, error.fieldPath());
    String path = prefix.isEmpty() ? error.fieldPath()
        : prefix + (error.fieldPath().isEmpty() ? "" : "." + error.fieldPath());
    return site == null ? new ConfigError(error.file(), error.line(), path, error.message())
        : new ConfigError(site.file(), site.line(), path, error.message());
  }

  private static JobSpec validate(String file, JobEvaluation job) {
    if (job.error() != null) {
      throw new ConfigException(file, job.checkOk() ? "" : CheckPath.of(job.check()), job.error());
    }
    JobValidator.validate(file, job.json(), job.checkOk() ? null : job.check(), job.unboundRefs());
    return JobSpecMapper.toJobSpec(job.json());
  }

  /** Runs the file and binds the command line's values onto every job, as Aurora did before selecting. */
  private static List<StructValue> boundJobs(EvaluationRequest request) {
    List<Object> entries = ConfigExecution.jobs(
        ConfigExecution.run(request.rootFile(), request.sources(), request.environment(), request.policy()),
        request.rootFile());
    List<StructValue> jobs = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      Object entry = entries.get(i);
      if (!(entry instanceof StructValue job && AuroraSchema.MESOS_JOB.isInstance(job))) {
        throw new ConfigException(request.rootFile(), "jobs[" + i + "]",
            "jobs must hold Job objects, found " + (entry instanceof PValue v ? v.type().name() : entry));
      }
      jobs.add(SourceSites.sameSiteAs((StructValue) JobBindings.applyCommandLine(job, request.bindings()), job));
    }
    return jobs;
  }

  private static StructValue aliased(StructValue job) {
    return (StructValue) JobBindings.applyDeprecatedAliases(job);
  }

  private static JobKey keyOf(StructValue job) {
    return new JobKey(JobOutcomes.text(job, "cluster"), JobOutcomes.text(job, "role"),
        JobOutcomes.text(job, "environment"), JobOutcomes.text(job, "name"));
  }

  private static String describe(RuntimeException e) {
    return e instanceof PystachioException p ? p.toString() : e.getMessage();
  }
}
