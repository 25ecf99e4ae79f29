package dev.aurora.dsl.schema;

import static dev.aurora.dsl.pystachio.ScalarType.BOOLEAN;
import static dev.aurora.dsl.pystachio.ScalarType.FLOAT;
import static dev.aurora.dsl.pystachio.ScalarType.INTEGER;
import static dev.aurora.dsl.pystachio.ScalarType.STRING;

import dev.aurora.dsl.pystachio.EnumType;
import dev.aurora.dsl.pystachio.ListType;
import dev.aurora.dsl.pystachio.MapType;
import dev.aurora.dsl.pystachio.StructType;
import java.util.List;
import java.util.Map;

/** Thermos' schema (AURORA.md §1.1: {@code thermos/config/schema_base.py}): processes, tasks, resources, logging. */
public final class ThermosSchema {
  private ThermosSchema() {}

  public static final long BYTES = 1;
  public static final long KB = 1024 * BYTES;
  public static final long MB = 1024 * KB;
  public static final long GB = 1024 * MB;
  public static final long TB = 1024 * GB;

  public static final StructType THERMOS_CONTEXT = Fields.struct()
      .opt("ports", MapType.of(STRING, INTEGER))
      .opt("task_id", STRING)
      .opt("user", STRING)
      .named("ThermosContext");

  public static final StructType RESOURCES = Fields.struct()
      .req("cpu", FLOAT)
      .req("ram", INTEGER)
      .req("disk", INTEGER)
      .def("gpu", INTEGER, 0L)
      .named("Resources");

  public static final StructType CONSTRAINT = Fields.struct()
      .opt("order", ListType.of(STRING))
      .named("Constraint");

  public static final StructType ROTATE_POLICY = Fields.struct()
      .def("log_size", INTEGER, 100 * MB)
      .def("backups", INTEGER, 5L)
      .named("RotatePolicy");

  public static final EnumType LOGGER_DESTINATION = EnumType.named("LoggerDestination",
      List.of("file", "console", "both", "none"));
  public static final EnumType LOGGER_MODE = EnumType.named("LoggerMode", List.of("standard", "rotate"));

  public static final StructType LOGGER = Fields.struct()
      .def("destination", LOGGER_DESTINATION, "file")
      .def("mode", LOGGER_MODE, "standard")
      .opt("rotate", ROTATE_POLICY)
      .named("Logger");

  public static final StructType PROCESS = Fields.struct()
      .req("cmdline", STRING)
      .req("name", STRING)
      .opt("resources", RESOURCES)
      .def("max_failures", INTEGER, 1L)
      .def("daemon", BOOLEAN, false)
      .def("ephemeral", BOOLEAN, false)
      .def("min_duration", INTEGER, 5L)
      .def("final", BOOLEAN, false)
      .opt("logger", LOGGER)
      .named("Process");

  public static final StructType TASK = Fields.struct()
      .def("name", STRING, "{{processes[0].name}}")
      .opt("processes", ListType.of(PROCESS))
      .def("constraints", ListType.of(CONSTRAINT), List.of())
      .opt("resources", RESOURCES)
      .def("max_failures", INTEGER, 1L)
      .def("max_concurrency", INTEGER, 0L)
      .def("finalization_wait", INTEGER, 30L)
      .opt("user", STRING)
      .named("Task");

  static void register(Map<String, Object> names) {
    names.put("ThermosContext", THERMOS_CONTEXT);
    names.put("Resources", RESOURCES);
    names.put("Constraint", CONSTRAINT);
    names.put("RotatePolicy", ROTATE_POLICY);
    names.put("LoggerDestination", LOGGER_DESTINATION);
    names.put("LoggerMode", LOGGER_MODE);
    names.put("Logger", LOGGER);
    names.put("Process", PROCESS);
    names.put("Task", TASK);
    names.put("BYTES", BYTES);
    names.put("KB", KB);
    names.put("MB", MB);
    names.put("GB", GB);
    names.put("TB", TB);
  }
}
