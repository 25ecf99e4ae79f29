package dev.aurora.dsl.loader;

import dev.aurora.dsl.pystachio.Environment;
import dev.aurora.dsl.pystachio.PValue;
import dev.aurora.dsl.pystachio.Ref;
import java.util.List;
import java.util.Map;

/** The bindings Aurora's client put on every job: {@code --bind} values, then the deprecated aliases. */
public final class JobBindings {
  /** {@code {{mesos.role}}}, {@code {{mesos.cluster}}} and {@code {{thermos.user}}}, still honoured by Aurora. */
  private static final Environment DEPRECATED_ALIASES = Environment.of(Map.of(
      "mesos.role", "{{role}}", "mesos.cluster", "{{cluster}}", "thermos.user", "{{role}}"));

  private JobBindings() {}

  /** Each {@code ref=value} binds the ref to the string value; later bindings and all of them beat the file's. */
  public static PValue applyCommandLine(PValue job, List<String> bindings) {
    PValue bound = job;
    for (String binding : bindings) {
      int eq = binding.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Malformed binding '" + binding + "': expected name=value");
      }
      bound = bound.bind(Environment.single(Ref.parse(binding.substring(0, eq)), binding.substring(eq + 1)));
    }
    return bound;
  }

  public static PValue applyDeprecatedAliases(PValue job) {
    return job.bind(DEPRECATED_ALIASES);
  }
}
