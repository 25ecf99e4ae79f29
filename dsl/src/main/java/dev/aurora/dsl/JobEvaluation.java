package dev.aurora.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What Aurora's loader made of one entry of a file's {@code jobs}, before the client's validation: the
 * interpolated JSON (null when interpolation itself failed, see {@code error}), the type check, the references
 * left unbound, and {@code validateError} (Aurora's {@code validate_job}, or the interpolation error).
 * The conformance corpus records exactly these.
 */
public record JobEvaluation(
    int index,
    String name,
    JsonNode json,
    String check,
    List<String> unboundRefs,
    List<String> auroraUnboundRefs,
    String validateError,
    String error) {

  public JobEvaluation {
    unboundRefs = List.copyOf(unboundRefs);
    auroraUnboundRefs = List.copyOf(auroraUnboundRefs);
  }

  public boolean checkOk() {
    return "TypeCheck(OK)".equals(check);
  }
}
