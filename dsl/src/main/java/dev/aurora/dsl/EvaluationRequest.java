package dev.aurora.dsl;

import dev.aurora.dsl.loader.ConfigSources;
import dev.aurora.dsl.loader.JobKey;
import java.util.List;
import java.util.Map;

/**
 * What to evaluate.
 *
 * @param rootFile name of the `.aurora` file, as {@code sources} knows it (also used in error messages)
 * @param sources where the root file and its {@code include()}s are read from
 * @param environment what {@code os.getenv} / {@code os.environ} show to the config (never the real process env)
 * @param bindings {@code --bind} values as {@code ref=value}, applied in order (a later one wins)
 * @param jobKey the job to pick, or null for every job in {@code jobs}; a key may leave cluster, role and
 *     environment null to match any
 * @param policy what the config may import and which builtins it keeps
 */
public record EvaluationRequest(String rootFile, ConfigSources sources, Map<String, String> environment,
                                List<String> bindings, JobKey jobKey, EvaluationPolicy policy) {

  public EvaluationRequest {
    environment = Map.copyOf(environment);
    bindings = List.copyOf(bindings);
  }

  /** A trusted request: the user's own file, evaluated with Aurora's (unrestricted) Python. */
  public EvaluationRequest(String rootFile, ConfigSources sources, Map<String, String> environment,
                           List<String> bindings, JobKey jobKey) {
    this(rootFile, sources, environment, bindings, jobKey, EvaluationPolicy.TRUSTED);
  }

  /** A file on disk, every job, no bindings. */
  public static EvaluationRequest ofFile(String path, Map<String, String> environment) {
    return new EvaluationRequest(path, ConfigSources.fileSystem(), environment, List.of(), null);
  }

  /**
   * The operator's form: named files (name -> text), one of them the root, evaluated under
   * {@link EvaluationPolicy#SANDBOX} — include() can only reach those names.
   */
  public static EvaluationRequest ofFiles(String rootFile, Map<String, String> files, Map<String, String> environment,
                                          List<String> bindings, JobKey jobKey) {
    return new EvaluationRequest(rootFile, ConfigSources.named(files), environment, bindings, jobKey,
        EvaluationPolicy.SANDBOX);
  }
}
