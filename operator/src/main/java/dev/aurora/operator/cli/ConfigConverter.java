package dev.aurora.operator.cli;

import dev.aurora.crd.v1alpha1.AuroraJobSpec;
import dev.aurora.dsl.loader.JobKey;
import dev.aurora.operator.evaluation.ConfigEvaluator;
import dev.aurora.operator.evaluation.EvaluationFailure;
import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import dev.aurora.operator.evaluation.EvaluationInput;
import dev.aurora.operator.evaluation.EvaluationOutcome;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one {@code .aurora} file into the AuroraJobs that run its jobs, evaluating it only through a
 * {@link ConfigEvaluator} (sandboxed workers), exactly as the operator will evaluate each resulting resource.
 *
 * <p>How the evaluation environment is chosen. The operator shows a config {@code USER=<namespace>}. With
 * {@code --namespace}, that is the environment throughout. Without it, each job's namespace is its role, which
 * tutorial configs take from {@code os.getenv('USER')}; so a first evaluation uses the caller's own {@code USER}, as
 * the Aurora client did, to learn every job's key, and then each job is evaluated again by its key with
 * {@code USER=<role>}, which is what the operator will do. That second evaluation decides: it must succeed and give
 * the same job key, otherwise the file is reported (a config that uses {@code USER} for more than the role would run
 * differently under the operator).
 *
 * <p>Includes are discovered by evaluating: the sandbox can only read the files it is given, so each evaluation
 * that stops at a missing include gets that file from disk, relative to the including file, and runs again. An
 * include that climbs out of the file's directory, or is absolute, makes the file not convertible: the resource's
 * {@code spec.files} can only hold names below the source.
 */
final class ConfigConverter {
  /** What the API server accepts as a {@code spec.files} name (the CRD's validation rule). */
  static final Pattern FILE_NAME = Pattern.compile("^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$");
  /** A namespace name (DNS-1123 label). */
  static final Pattern NAMESPACE = Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  private static final Pattern MISSING_INCLUDE = Pattern.compile("No such file or directory: '([^']*)'");
  private static final String INCLUDE_REFUSED = "refused: include() reads only";
  private static final String PROBE_KEY = "probe/probe/probe/aurora-convert-probe-matches-no-job";

  private final ConfigEvaluator evaluator;
  private final String namespace;
  private final String callerUser;
  private final String defaultEnvironment;

  /**
   * @param namespace {@code --namespace}, or null to use each job's role
   * @param callerUser the caller's {@code USER}, for the first evaluation when there is no namespace; may be null
   * @param defaultEnvironment the environment given to a job that defines none
   */
  ConfigConverter(ConfigEvaluator evaluator, String namespace, String callerUser, String defaultEnvironment) {
    this.evaluator = evaluator;
    this.namespace = namespace;
    this.callerUser = callerUser;
    this.defaultEnvironment = defaultEnvironment;
  }

  /**
   * One job of a file, ready to be written once it has a resource name.
   *
   * @param environmentGiven the job defines no environment and was given the default one
   */
  record Job(Path file, JobKey key, String namespace, boolean environmentGiven) {}

  /**
   * The outcome for one file: the jobs that evaluate as the operator will evaluate them, everything the file
   * includes, and why each other job (or the whole file) cannot be converted.
   *
   * @param evaluatorFailed the evaluator itself failed (a worker could not start, ...): nothing is known of the file
   */
  record Result(Path file, String source, Map<String, String> files, List<Job> jobs, List<String> problems,
                boolean evaluatorFailed) {
    boolean ok() {
      return problems.isEmpty();
    }

    static Result failed(Path file, String problem, boolean evaluatorFailed) {
      return new Result(file, null, Map.of(), List.of(), List.of(problem), evaluatorFailed);
    }
  }

  /** Raised inside the conversion of one file or job; its message is the reason printed. */
  private static final class NotConvertible extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean evaluatorFailed;

    NotConvertible(String message, boolean evaluatorFailed) {
      super(message);
      this.evaluatorFailed = evaluatorFailed;
    }
  }

  /** The first evaluation's answer: every job's key (environment null when the job defines none). */
  private record Found(List<JobKey> keys, EvaluationFailure wholeFile) {}

  Result convert(Path file) {
    String source;
    try {
      source = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      return Result.failed(file, "not UTF-8 text", false);
    } catch (IOException e) {
      return Result.failed(file, "cannot read it: " + e.getMessage(), false);
    }
    if (source.isEmpty()) {
      return Result.failed(file, "the file is empty", false);
    }
    if (source.length() > AuroraJobSpec.MAX_SOURCE_LENGTH) {
      return Result.failed(file, "the source is " + source.length() + " characters, more than the "
          + AuroraJobSpec.MAX_SOURCE_LENGTH + " an AuroraJob may hold", false);
    }
    Map<String, String> files = new TreeMap<>();
    EvaluationInput base = EvaluationInput.of(file.getFileName().toString(), source);
    List<Job> jobs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    boolean evaluatorFailed = false;
    try {
      Found found = jobKeys(file, base, files);
      for (JobKey key : found.keys()) {
        try {
          jobs.add(asTheOperatorWill(file, base, files, key, found));
        } catch (NotConvertible e) {
          problems.add(e.getMessage());
          evaluatorFailed |= e.evaluatorFailed;
        }
      }
      checkFiles(files);
    } catch (NotConvertible e) {
      return Result.failed(file, e.getMessage(), e.evaluatorFailed);
    }
    return new Result(file, source, Map.copyOf(files), List.copyOf(jobs), List.copyOf(problems), evaluatorFailed);
  }

  /**
   * Every job's key, from a first evaluation of the whole file. When that fails on one of the jobs (one without an
   * environment, which is fine once its key names one, or one that is invalid) while the file itself ran, the keys
   * come from the candidate list the evaluator gives for a key that matches no job, so that each job is judged on
   * its own.
   */
  private Found jobKeys(Path file, EvaluationInput base, Map<String, String> files) throws NotConvertible {
    Map<String, String> environment = namespace != null ? Map.of("USER", namespace)
        : callerUser != null ? Map.of("USER", callerUser) : Map.of();
    EvaluationInput input = base.withEnvironment(environment);
    EvaluationOutcome all = evaluate(file, input, files);
    if (all.ok()) {
      return new Found(all.jobs().stream().map(job -> job.key()).toList(), null);
    }
    EvaluationOutcome probe = evaluate(file, input.withJobKey(PROBE_KEY), files);
    List<JobKey> candidates = probe.ok() ? List.of() : candidates(probe.failure().message());
    if (candidates.isEmpty()) {
      throw invalid(all.failure());
    }
    return new Found(candidates, all.failure());
  }

  /** The job evaluated by its key with the environment the operator gives it; the result must be the same job. */
  private Job asTheOperatorWill(Path file, EvaluationInput base, Map<String, String> files, JobKey found,
                                Found all) throws NotConvertible {
    boolean environmentGiven = found.environment() == null;
    JobKey key = new JobKey(found.cluster(), found.role(),
        environmentGiven ? defaultEnvironment : found.environment(), found.name());
    if (key.cluster() == null || key.role() == null) {
      // Nothing to evaluate it by; the whole file's failure says why when the file has only this job.
      throw new NotConvertible(all.keys().size() == 1 && all.wholeFile() != null ? "invalid: " + all.wholeFile().render()
          : "invalid: job " + found + " has no " + (key.cluster() == null ? "cluster" : "role"), false);
    }
    String jobNamespace = namespace != null ? namespace : key.role();
    if (!NAMESPACE.matcher(jobNamespace).matches()) {
      throw new NotConvertible("job " + key + ": its role '" + key.role() + "' is not a valid namespace name; "
          + "choose one with --namespace", false);
    }
    String keyText = key.toString();
    try {
      JobKey.parse(keyText);
    } catch (IllegalArgumentException e) {
      throw new NotConvertible(e.getMessage(), false);
    }
    EvaluationOutcome outcome = evaluate(file,
        base.withEnvironment(Map.of("USER", jobNamespace)).withJobKey(keyText), files);
    if (!outcome.ok()) {
      throw new NotConvertible((outcome.failure().transientFailure() ? "" : "invalid: ") + "job " + keyText + ": "
          + outcome.failure().render(), outcome.failure().transientFailure());
    }
    JobKey evaluated = outcome.jobs().get(0).key();
    if (!evaluated.equals(key)) {
      throw new NotConvertible("job " + keyText + " becomes " + evaluated + " when evaluated with USER="
          + jobNamespace + " as the operator will; convert it with --namespace", false);
    }
    return new Job(file, key, jobNamespace, environmentGiven);
  }

  /**
   * Evaluates, adding each include the evaluation stops at from disk (relative to the root file's directory, the
   * names the sandbox resolves includes to) until it gets past all of them.
   */
  private EvaluationOutcome evaluate(Path file, EvaluationInput input, Map<String, String> files)
      throws NotConvertible {
    Path directory = file.toAbsolutePath().normalize().getParent();
    while (true) {
      EvaluationOutcome outcome = evaluator.evaluate(input.withFiles(files));
      if (outcome.ok()) {
        return outcome;
      }
      EvaluationFailure failure = outcome.failure();
      if (failure.transientFailure()) {
        throw new NotConvertible(failure.render(), true);
      }
      if (failure.message().contains(INCLUDE_REFUSED)) {
        throw new NotConvertible("not convertible: it includes a file outside its own directory, which an "
            + "AuroraJob's spec.files cannot hold (" + failure.render() + ")", false);
      }
      Matcher missing = MISSING_INCLUDE.matcher(failure.message());
      if (failure.kind() != Kind.INVALID_CONFIG || !missing.find()) {
        return outcome;
      }
      String name = missing.group(1);
      Path onDisk = directory.resolve(name).normalize();
      if (files.containsKey(name) || name.equals(input.fileName()) || !onDisk.startsWith(directory)) {
        return outcome;
      }
      if (!Files.isRegularFile(onDisk)) {
        throw new NotConvertible("it includes '" + name + "', which does not exist at " + onDisk + " ("
            + failure.render() + ")", false);
      }
      if (files.size() >= AuroraJobSpec.MAX_FILES) {
        throw new NotConvertible("it includes more than " + AuroraJobSpec.MAX_FILES + " files, the most an "
            + "AuroraJob may hold", false);
      }
      try {
        files.put(name, Files.readString(onDisk, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new NotConvertible("cannot read the included file " + onDisk + ": " + e.getMessage(), false);
      }
    }
  }

  private static void checkFiles(Map<String, String> files) throws NotConvertible {
    for (Map.Entry<String, String> entry : files.entrySet()) {
      if (!FILE_NAME.matcher(entry.getKey()).matches()) {
        throw new NotConvertible("not convertible: it includes '" + entry.getKey() + "', a name the API server "
            + "refuses in spec.files (each part must start with a letter, digit or '_')", false);
      }
      if (entry.getValue().length() > AuroraJobSpec.MAX_SOURCE_LENGTH) {
        throw new NotConvertible("the included file '" + entry.getKey() + "' is larger than the "
            + AuroraJobSpec.MAX_SOURCE_LENGTH + " characters an AuroraJob may hold per file", false);
      }
    }
  }

  /** The keys listed after "Candidates are:" in the evaluator's answer to a key that matches no job. */
  static List<JobKey> candidates(String message) {
    int start = message.indexOf("Candidates are:");
    if (start < 0) {
      return List.of();
    }
    List<JobKey> keys = new ArrayList<>();
    for (String line : message.substring(start).split("\n")) {
      String text = line.strip();
      String[] parts = text.split("/", -1);
      if (!line.startsWith("  ") || parts.length != 4) {
        continue;
      }
      keys.add(new JobKey(part(parts[0]), part(parts[1]), parts[2].equals("{MISSING}") ? null : parts[2],
          parts[3]));
    }
    return keys;
  }

  private static String part(String text) {
    return text.equals("*") ? null : text;
  }

  private static NotConvertible invalid(EvaluationFailure failure) {
    return new NotConvertible("invalid: " + failure.render(), failure.transientFailure());
  }
}
