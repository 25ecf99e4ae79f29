package dev.aurora.dsl;

import java.util.Set;

/**
 * What a config may do besides building jobs. {@link #TRUSTED} is Aurora's behaviour (any import, all builtins)
 * for a user inspecting their own file; {@link #SANDBOX} is for configs submitted to the operator: a short list
 * of pure standard-library modules, and no builtins that read files or compile code.
 *
 * @param allowedImports top-level module names a config may import, or null for any
 * @param withheldBuiltins builtins replaced by a function that refuses ("open() is not available in a .aurora file")
 */
public record EvaluationPolicy(Set<String> allowedImports, Set<String> withheldBuiltins) {

  public static final EvaluationPolicy TRUSTED = new EvaluationPolicy(null, Set.of());

  public static final EvaluationPolicy SANDBOX = new EvaluationPolicy(
      Set.of("os", "getpass", "math", "re", "string", "itertools", "collections", "functools", "operator", "json",
          "datetime", "time", "copy", "textwrap", "warnings"),
      Set.of("open", "file", "execfile", "reload", "input", "raw_input", "compile"));

  public EvaluationPolicy {
    allowedImports = allowedImports == null ? null : Set.copyOf(allowedImports);
    withheldBuiltins = Set.copyOf(withheldBuiltins);
  }

  public boolean allowsImport(String module) {
    return allowedImports == null || allowedImports.contains(module);
  }
}
