package dev.aurora.dsl.loader;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.dsl.ConfigException;
import dev.aurora.dsl.JobEvaluation;
import dev.aurora.dsl.pystachio.Interpolation;
import dev.aurora.dsl.pystachio.PValue;
import dev.aurora.dsl.pystachio.PystachioException;
import dev.aurora.dsl.pystachio.Ref;
import dev.aurora.dsl.pystachio.StructValue;
import dev.aurora.dsl.validate.JobValidator;
import java.util.ArrayList;
import java.util.List;

/** Interpolates and type-checks one bound job, recording what Aurora's loader saw (a {@link JobEvaluation}). */
public final class JobOutcomes {
  private JobOutcomes() {}

  public static JobEvaluation evaluate(String file, int index, StructValue job) {
    String name = text(job, "name");
    String check;
    try {
      check = job.check().toString();
    } catch (PystachioException e) {
      check = "TypeCheck(FAILED): " + e;
    }
    JsonNode json = null;
    List<String> unbound = new ArrayList<>();
    String error = null;
    try {
      Interpolation interpolated = job.interpolate();
      interpolated.unbound().stream().map(Ref::toString).distinct().forEach(unbound::add);
      json = job.toJson();
    } catch (PystachioException e) {
      error = e.toString();
    }
    String validateError = error;
    if (error == null) {
      try {
        JobValidator.requireParts(file, json);
      } catch (ConfigException e) {
        validateError = e.error().message();
      }
    }
    return new JobEvaluation(index, name, json, check, unbound, JobValidator.refusedRefs(unbound), validateError, error);
  }

  /** A field as Python's {@code str()} shows it, or null when Empty or not printable (e.g. a template cycle). */
  public static String text(StructValue job, String field) {
    try {
      PValue value = job.field(field);
      return value == null ? null : value.str();
    } catch (PystachioException e) {
      return null;
    }
  }
}
