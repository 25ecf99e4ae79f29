package dev.aurora.dsl.pystachio;

import static dev.aurora.dsl.pystachio.P.kw;
import static dev.aurora.dsl.pystachio.P.make;

import dev.aurora.dsl.schema.AuroraSchema;
import dev.aurora.dsl.schema.ThermosSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * On-demand benchmark of the templating core (not run by {@code mvn test}): the three jobs of
 * {@code tutorial_typical.aurora} built directly in Java, then evaluated as Aurora's client does (standard
 * bindings, interpolate, JSON, check with mesos bound). Prints a table and writes {@code target/interpolation-benchmark.json}.
 *
 * <p>Run after {@code mvn -o -q -pl dsl test-compile}:
 * {@code java -cp dsl/target/classes:dsl/target/test-classes:<jackson-databind, -core, -annotations jars>
 * dev.aurora.dsl.pystachio.InterpolationBenchmark}. {@link TutorialTypicalTest} proves the jobs are the real ones.
 */
public final class InterpolationBenchmark {
  private InterpolationBenchmark() {}

  public static List<PValue> tutorialTypicalJobs() {
    Map<String, FieldSpec> profileFields = new LinkedHashMap<>();
    profileFields.put("package_version", FieldSpec.withDefault(ScalarType.STRING, "live"));
    profileFields.put("java_binary", FieldSpec.withDefault(ScalarType.STRING, "/usr/lib/jvm/java-1.7.0-openjdk/bin/java"));
    profileFields.put("extra_jvm_options", FieldSpec.withDefault(ScalarType.STRING, ""));
    profileFields.put("parent_environment", FieldSpec.withDefault(ScalarType.STRING, "prod"));
    profileFields.put("parent_serverset", FieldSpec.withDefault(ScalarType.STRING,
        "/foocorp/service/bird/{{parent_environment}}/bird"));
    StructType profile = StructType.define("Profile", profileFields);

    StructValue main = make(ThermosSchema.PROCESS, "name", "application", "cmdline",
        "{{profile.java_binary}} -server -Xmx1792m {{profile.extra_jvm_options}} -jar application.jar "
            + "-upstreamService {{profile.parent_serverset}}");
    StructValue fetch = make(ThermosSchema.PROCESS, "name", "fetch", "cmdline",
        "curl -O https://packages.foocorp.com/{{profile.package_version}}/application.jar");
    StructValue order = make(ThermosSchema.CONSTRAINT, "order", List.of("fetch", "application"));
    StructValue baseTask = make(ThermosSchema.TASK, "name", "application", "processes", List.of(fetch, main),
        "constraints", List.of(order));
    long mb = ThermosSchema.MB;
    long gb = ThermosSchema.GB;
    StructValue staging = baseTask.copyWith(kw("resources",
        make(ThermosSchema.RESOURCES, "cpu", 1.0, "ram", 2048 * mb, "disk", gb)));
    StructValue production = baseTask.copyWith(kw("resources",
        make(ThermosSchema.RESOURCES, "cpu", 4.0, "ram", 2560 * mb, "disk", 10 * gb)));
    StructValue template = make(AuroraSchema.MESOS_JOB, "name", "application", "role", "myteam",
        "contact", "myteam-team@foocorp.com", "instances", 20L, "service", true, "task", production);
    StructValue prod = make(profile);
    StructValue stage = make(profile, "extra_jvm_options", "-Xloggc:gc.log", "parent_environment", "staging");
    return List.of(
        template.copyWith(kw("cluster", "cluster1", "environment", "prod")).bind(kw("profile", prod)),
        template.copyWith(kw("cluster", "cluster2", "environment", "prod")).bind(kw("profile", prod)),
        template.copyWith(kw("cluster", "cluster1", "environment", "staging", "service", false, "task", staging,
            "instances", 2L)).bind(kw("profile", stage)));
  }

  /** One client-side evaluation of a job: standard bindings, interpolate + JSON, check with mesos bound. */
  public static int evaluate(PValue job) {
    PValue bound = job.bind(kw("mesos", kw("role", "{{role}}", "cluster", "{{cluster}}"),
        "thermos", kw("user", "{{role}}")));
    Interpolation i = bound.interpolate();
    int size = i.value().toJson().size() + i.unbound().size();
    TypeCheck check = bound.bind(kw("mesos", kw("instance", 31337L, "hostname", ""))).check();
    return size + (check.ok() ? 1 : 0);
  }

  public static void main(String[] args) throws IOException {
    int warmup = 2000;
    int rounds = 2000;
    long sink = 0;
    for (int r = 0; r < warmup; r++) {
      for (PValue job : tutorialTypicalJobs()) {
        sink += evaluate(job);
      }
    }
    long[] nanos = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      long start = System.nanoTime();
      for (PValue job : tutorialTypicalJobs()) {
        sink += evaluate(job);
      }
      nanos[r] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    double p50 = nanos[rounds / 2] / 1e6;
    double p99 = nanos[(int) (rounds * 0.99)] / 1e6;
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf("%-40s %10s %10s %6s%n", "case", "p50 ms", "p99 ms", "cores");
    System.out.printf("%-40s %10.3f %10.3f %6d%n", "tutorial_typical (3 jobs, build+eval)", p50, p99, cores);
    Path out = Path.of("target", "interpolation-benchmark.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, String.format(java.util.Locale.ROOT,
        "{\"case\": \"tutorial_typical\", \"jobs\": 3, \"rounds\": %d, \"p50_ms\": %.4f, \"p99_ms\": %.4f, "
            + "\"cores\": %d, \"checksum\": %d}%n", rounds, p50, p99, cores, sink));
    System.out.println("wrote " + out.toAbsolutePath());
  }
}
