package dev.aurora.operator.cli;

import static dev.aurora.operator.cli.ConvertFixtures.assertExit;
import static dev.aurora.operator.cli.ConvertFixtures.convert;
import static dev.aurora.operator.cli.ConvertFixtures.countFiles;
import static dev.aurora.operator.cli.ConvertFixtures.manifests;
import static dev.aurora.operator.cli.ConvertFixtures.write;
import static dev.aurora.operator.evaluation.SandboxFixtures.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.operator.cli.ConvertFixtures.Run;
import dev.aurora.operator.evaluation.SandboxFixtures;
import dev.aurora.operator.evaluation.WorkerPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aurora-operator convert} over the conformance corpus and small made-up repositories, with real workers. */
class ConvertCommandTest {
  /** The one job of the corpus that the scheduler's checks refuse (1 instance, max_total_failures 1). */
  private static final String REFUSED_BY_SCHEDULER_CHECKS = "cluster1/www-data/staging/web";

  private static WorkerPool pool;

  @BeforeAll
  static void startPool() {
    pool = ConvertFixtures.startPool();
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  @Test
  void theExamplesGiveOneManifestPerJobWithTheirKeys(@TempDir Path out) throws IOException {
    List<String> args = new ArrayList<>(List.of("--out", out.toString()));
    ConvertFixtures.validExamples().forEach(file -> args.add(file.toString()));
    Run run = convert(pool, args.toArray(String[]::new));

    // Every job of every example, by its key as Aurora's loader produced it (the corpus's expectations), with the
    // environment `test` for the tutorial jobs that define none.
    Map<String, Path> expected = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    for (Path file : ConvertFixtures.validExamples()) {
      String stem = file.getFileName().toString().replace(".aurora", "");
      for (JsonNode entry : json.readTree(SandboxFixtures.sharedExamples().resolve("expected/" + stem + ".json")
          .toFile())) {
        JsonNode job = entry.get("json");
        String environment = job.hasNonNull("environment") ? job.get("environment").asText() : "test";
        expected.put(job.get("cluster").asText() + "/" + job.get("role").asText() + "/" + environment + "/"
            + job.get("name").asText(), file);
      }
    }
    assertTrue(expected.containsKey(REFUSED_BY_SCHEDULER_CHECKS), "the corpus changed: " + expected.keySet());
    assertTrue(run.stdout().contains("not written: invalid: job " + REFUSED_BY_SCHEDULER_CHECKS
        + ": http_service.aurora, line "), run.stdout());
    assertTrue(run.stdout().contains("max_total_failures"), run.stdout());
    assertExit(ConvertCommand.INVALID, run);
    expected.remove(REFUSED_BY_SCHEDULER_CHECKS);

    Map<String, JsonNode> written = new TreeMap<>();
    Set<String> names = new HashSet<>();
    for (JsonNode manifest : manifests(out)) {
      assertEquals("aurora.dev/v1alpha1", manifest.get("apiVersion").asText());
      assertEquals("AuroraJob", manifest.get("kind").asText());
      String key = manifest.at("/spec/job").asText();
      String namespace = manifest.at("/metadata/namespace").asText();
      String name = manifest.at("/metadata/name").asText();
      assertTrue(name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") && name.length() <= 63, name);
      assertTrue(names.add(namespace + "/" + name), "two manifests named " + namespace + "/" + name);
      assertEquals(key.split("/")[1], namespace, "without --namespace the role is the namespace");
      assertTrue(Files.isRegularFile(out.resolve(namespace).resolve(name + ".yaml")));
      assertEquals(null, written.put(key, manifest), "two manifests for " + key);
    }
    assertEquals(expected.keySet(), written.keySet());
    written.forEach((key, manifest) -> {
      assertEquals(read(expected.get(key)), manifest.at("/spec/source").asText(), "the source is not unchanged");
      assertEquals(key.endsWith("hello_world-cluster1") || key.endsWith("hello_world-cluster2")
          || key.endsWith("hello_world-local"), manifest.at("/spec/files").isObject(), key);
    });
    // The tutorial's jobs sharing a name tell themselves apart by environment and cluster.
    assertEquals(Set.of("application-prod-cluster1", "application-prod-cluster2", "application-staging-cluster1"),
        Set.copyOf(written.entrySet().stream().filter(e -> e.getKey().endsWith("/application"))
            .map(e -> e.getValue().at("/metadata/name").asText()).toList()));
    assertEquals("hello-world", written.get("cluster1/jdoe/test/hello_world").at("/metadata/name").asText());
    assertEquals(read(SandboxFixtures.sharedExamples().resolve("hello_world.aurora")),
        written.get("cluster2/jdoe/test/hello_world-cluster2").at("/spec/files/hello_world.aurora").asText());
  }

  @Test
  void theInvalidCorpusIsReportedWithFileAndLineAndNothingIsWritten(@TempDir Path out) throws IOException {
    Path invalid = SandboxFixtures.sharedExamples().resolve("invalid");
    Run run = convert(pool, "--out", out.toString(), invalid.toString());
    assertExit(ConvertCommand.INVALID, run);
    assertEquals(0, countFiles(out), "an invalid config was written");
    List<Path> files;
    try (var list = Files.list(invalid)) {
      files = list.filter(f -> f.toString().endsWith(".aurora")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    ObjectMapper json = new ObjectMapper();
    for (Path file : files) {
      String name = file.getFileName().toString();
      String line = run.stdout().lines().filter(l -> l.startsWith(file + ": ")).findFirst()
          .orElseThrow(() -> new AssertionError("no summary line for " + file + " in\n" + run.stdout()));
      assertTrue(line.contains("not written: invalid: "), line);
      assertTrue(line.matches(".*" + java.util.regex.Pattern.quote(name) + ", line [1-9][0-9]*: .*"), line);
      Path expectedJson = invalid.resolve("expected").resolve(name.replace(".aurora", ".json"));
      if (Files.exists(expectedJson)) {
        // The field the corpus names (the last step of the type check's path, or the validated field).
        JsonNode entry = json.readTree(expectedJson.toFile()).get(0);
        String check = entry.path("check").asText() + " " + entry.path("validate_error").asText() + " "
            + entry.path("error").asText();
        String field = line.replaceFirst(".*line [0-9]+: ([A-Za-z_.\\[\\]]+): .*", "$1");
        String lastStep = field.replaceAll(".*[.]", "").replace("[]", "");
        String refusal = entry.path("validate_error").asText();
        assertTrue(check.contains(lastStep) || !refusal.isEmpty() && line.contains(refusal),
            "field '" + field + "' of " + line + " is not what the corpus names: " + check);
      }
    }
    assertTrue(run.stdout().contains(files.size() + " files, 0 AuroraJobs written"), run.stdout());
  }

  @Test
  void includesAreFoundRelativeToTheIncludingFileAndPackedByName(@TempDir Path repo, @TempDir Path out) {
    String base = "procs = [Process(name = 'hello', cmdline = 'echo hello')]\ninclude('resources.aurora')\n";
    String resources = "small = Resources(cpu = 0.1, ram = 16 * MB, disk = 16 * MB)\n";
    String main = "include('lib/base.aurora')\n"
        + "jobs = [Job(cluster = 'c1', role = 'team', environment = 'prod', name = 'svc',\n"
        + "            task = Task(processes = procs, resources = small))]\n";
    write(repo.resolve("main.aurora"), main);
    write(repo.resolve("lib/base.aurora"), base);
    write(repo.resolve("lib/resources.aurora"), resources);
    write(repo.resolve("lib/unused.aurora.txt"), "not included\n");

    Run run = convert(pool, "--out", out.toString(), repo.resolve("main.aurora").toString());
    assertExit(ConvertCommand.OK, run);
    List<JsonNode> manifests = manifests(out);
    assertEquals(1, manifests.size());
    JsonNode spec = manifests.get(0).get("spec");
    assertEquals("c1/team/prod/svc", spec.get("job").asText());
    assertEquals(main, spec.get("source").asText());
    Map<String, String> files = new HashMap<>();
    spec.get("files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
    assertEquals(Map.of("lib/base.aurora", base, "lib/resources.aurora", resources), files);
  }

  @Test
  void aConfigIncludingAFileOutsideItsDirectoryIsNotConvertible(@TempDir Path repo, @TempDir Path out) {
    write(repo.resolve("common.aurora"), "procs = [Process(name = 'p', cmdline = 'true')]\n");
    write(repo.resolve("team/job.aurora"), "include('../common.aurora')\n"
        + "jobs = [Job(cluster = 'c1', role = 'team', environment = 'prod', name = 'j', task = Task(processes = procs,"
        + " resources = Resources(cpu = 1.0, ram = 1 * MB, disk = 1 * MB)))]\n");
    write(repo.resolve("team/missing.aurora"), "include('nowhere.aurora')\njobs = []\n");

    Run run = convert(pool, "--out", out.toString(), repo.resolve("team").toString());
    assertExit(ConvertCommand.INVALID, run);
    assertEquals(0, countFiles(out));
    String outside = run.stdout().lines().filter(l -> l.contains("job.aurora: ")).findFirst().orElseThrow();
    assertTrue(outside.contains("includes a file outside its own directory") && outside.contains("../common.aurora"),
        outside);
    String missing = run.stdout().lines().filter(l -> l.contains("missing.aurora: ")).findFirst().orElseThrow();
    assertTrue(missing.contains("includes 'nowhere.aurora', which does not exist"), missing);
  }

  @Test
  void theNamespaceOptionIsWhatTheConfigSeesAsUser(@TempDir Path out) {
    Path hello = SandboxFixtures.sharedExamples().resolve("hello_world.aurora");
    Run run = convert(pool, Map.of(), "--namespace", "demo", "--out", out.toString(), hello.toString());
    assertExit(ConvertCommand.OK, run);
    JsonNode manifest = manifests(out).get(0);
    assertEquals("demo", manifest.at("/metadata/namespace").asText());
    assertEquals("hello-world", manifest.at("/metadata/name").asText());
    assertEquals("cluster1/demo/test/hello_world", manifest.at("/spec/job").asText());
    assertTrue(run.stdout().contains("defines no environment: given 'test'"), run.stdout());

    Path elsewhere = out.resolve("staging");
    Run staged = convert(pool, Map.of(), "--namespace", "demo", "--default-environment", "staging",
        "--out", elsewhere.toString(), hello.toString());
    assertExit(ConvertCommand.OK, staged);
    assertEquals("cluster1/demo/staging/hello_world", manifests(elsewhere).get(0).at("/spec/job").asText());
  }

  @Test
  void aJobThatChangesUnderTheOperatorsUserIsReported(@TempDir Path repo, @TempDir Path out) {
    // The role is fixed, so the namespace is 'www-data' and the operator will show USER=www-data: the name changes.
    write(repo.resolve("personal.aurora"), "import os\n"
        + "jobs = [Job(cluster = 'c1', role = 'www-data', environment = 'prod', name = os.getenv('USER') + '_job',"
        + " task = Task(processes = [Process(name = 'p', cmdline = 'true')],"
        + " resources = Resources(cpu = 1.0, ram = 1 * MB, disk = 1 * MB)))]\n");
    Run run = convert(pool, "--out", out.toString(), repo.toString());
    assertExit(ConvertCommand.INVALID, run);
    assertEquals(0, countFiles(out));
    assertTrue(run.stdout().contains("job c1/www-data/prod/jdoe_job: "), run.stdout());

    Run pinned = convert(pool, "--namespace", "web", "--out", out.toString(), repo.toString());
    assertExit(ConvertCommand.OK, pinned);
    assertEquals("c1/www-data/prod/web_job", manifests(out).get(0).at("/spec/job").asText());
  }

  @Test
  void aRoleThatIsNoNamespaceNameAsksForTheNamespaceOption(@TempDir Path repo, @TempDir Path out) {
    write(repo.resolve("team.aurora"), "jobs = [Job(cluster = 'c1', role = 'Big_Team', environment = 'prod',"
        + " name = 'j', task = Task(processes = [Process(name = 'p', cmdline = 'true')],"
        + " resources = Resources(cpu = 1.0, ram = 1 * MB, disk = 1 * MB)))]\n");
    Run run = convert(pool, "--out", out.toString(), repo.toString());
    assertExit(ConvertCommand.INVALID, run);
    assertTrue(run.stdout().contains("'Big_Team' is not a valid namespace name; choose one with --namespace"),
        run.stdout());
  }

  @Test
  void withoutOutTheManifestsAreOneYamlStreamOnStandardOutput() throws IOException {
    Path productionized = SandboxFixtures.sharedExamples().resolve("hello_world_productionized.aurora");
    Run run = convert(pool, productionized.toString());
    assertExit(ConvertCommand.OK, run);
    List<String> keys = new ArrayList<>();
    try (var parser = ConvertFixtures.YAML.getFactory().createParser(run.stdout())) {
      ConvertFixtures.YAML.readValues(parser, JsonNode.class)
          .forEachRemaining(doc -> keys.add(doc.at("/spec/job").asText()));
    }
    assertEquals(List.of("cluster1/jdoe/test/hello_world-cluster1", "cluster2/jdoe/test/hello_world-cluster2",
        "local/jdoe/test/hello_world-local"), keys);
    assertTrue(run.stderr().contains("wrote 3 manifests"), run.stderr());
  }

  @Test
  void aFileNamedTwiceIsConvertedOnce(@TempDir Path out) {
    Path examples = SandboxFixtures.sharedExamples();
    Run run = convert(pool, "--out", out.toString(), examples.resolve("templating.aurora").toString(),
        examples.resolve("./templating.aurora").toString());
    assertExit(ConvertCommand.OK, run);
    assertEquals(2, countFiles(out), run.stdout());
    assertTrue(run.stdout().contains("1 file, 2 AuroraJobs written"), run.stdout());
  }

  @Test
  void badCommandLines() {
    assertExit(ConvertCommand.USAGE, convert(pool));
    assertExit(ConvertCommand.USAGE, convert(pool, "--namespace", "Not_A_Namespace", "x.aurora"));
    assertExit(ConvertCommand.USAGE, convert(pool, "--frobnicate", "x.aurora"));
    assertExit(ConvertCommand.USAGE, convert(pool, "/no/such/file.aurora"));
  }

  @Test
  void namesAreDnsLabelsUniquePerNamespace() {
    Path file = Path.of("f.aurora");
    var jobs = List.of(
        job(file, "c1/r/prod/web", "ns"), job(file, "c1/r/staging/web", "ns"),
        job(file, "c1/r/prod/Web.Front_End", "ns"), job(file, "c1/r/prod/web.front-end", "ns"),
        job(file, "c1/r/prod/web", "other"), job(Path.of("g.aurora"), "c1/r/prod/web-prod", "ns"),
        job(file, "c1/r/prod/" + "x".repeat(80), "ns"));
    Map<ConfigConverter.Job, String> names = ConvertCommand.ManifestNames.assign(jobs);
    assertEquals(List.of("web-prod", "web-staging", "web-front-end", "web-front-end-2", "web", "web-prod-2",
        "x".repeat(63)), jobs.stream().map(names::get).toList());
    Set<String> unique = new TreeSet<>();
    jobs.forEach(j -> assertTrue(unique.add(j.namespace() + "/" + names.get(j))));
  }

  private static ConfigConverter.Job job(Path file, String key, String namespace) {
    return new ConfigConverter.Job(file, dev.aurora.dsl.loader.JobKey.parse(key), namespace, false);
  }
}
