package dev.aurora.dsl.pystachio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aurora.testing.SharedCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's hand-built tutorial_typical jobs must evaluate to exactly what Aurora recorded for the file. */
class TutorialTypicalTest {

  @Test
  void benchmarkJobsMatchTheCorpus() throws Exception {
    Path expected = SharedCorpus.examples().resolve("expected/tutorial_typical.json");
    JsonNode corpus = new ObjectMapper().readTree(Files.readString(expected));
    List<PValue> jobs = InterpolationBenchmark.tutorialTypicalJobs();
    for (int i = 0; i < jobs.size(); i++) {
      PValue bound = jobs.get(i).bind(Map.of("mesos", Map.of("role", "{{role}}", "cluster", "{{cluster}}")));
      Interpolation interpolated = bound.interpolate();
      assertEquals(corpus.get(i).get("json"), interpolated.value().toJson(), "job " + i);
      assertEquals(List.of(), interpolated.unbound());
      assertEquals(corpus.get(i).get("check").asText(), bound.check().toString());
    }
  }
}
