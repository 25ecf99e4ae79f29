package dev.aurora.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aurora.crd.v1alpha1.AuroraJob;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written manifest reads back as exactly the text that went in, whatever that text holds. */
class ConvertManifestYamlTest {
  /** Texts a literal block has to get exactly right, and texts it cannot hold at all. */
  static final List<String> AWKWARD_TEXTS = List.of(
      "jobs = []\n",
      "jobs = []",
      "jobs = []\n\n\n",
      "\n\n# starts with empty lines\njobs = []\n",
      "  indented first line\n    more\n",
      "\tstarts with a tab\n",
      "a\n   \n  \nb  \n",
      "x = '''\n---\n...\n# not a comment\n'''\n",
      "key: value\n- item\n\"quoted\" 'single' \\ backslash\n",
      "ends with spaces   ",
      "\n",
      "\n\n",
      " ",
      "crlf line\r\nnext\r\n",
      "form\ffeed and \u0007bell\n",
      "line\u2028separator and \u0085next line\n",
      "\uFEFFbyte order mark\n",
      "unicode: \u00e9\u00e8 \u4e2d\u6587 \uD83D\uDE00 \u00a0nbsp\n",
      "\"\n",
      "true",
      "- 1\n");

  @Test
  void everyTextReadsBackUnchanged() throws Exception {
    for (String text : AWKWARD_TEXTS) {
      String yaml = ManifestYaml.render("x.aurora", "n", "ns", "c/r/e/n", text, Map.of("lib/a.aurora", text,
          "b.aurora", "x\n"));
      JsonNode read = ConvertFixtures.YAML.readTree(yaml);
      assertEquals(text, read.at("/spec/source").asText(), () -> "source changed by\n" + yaml);
      assertEquals(text, read.at("/spec/files/lib~1a.aurora").asText(), () -> "file changed by\n" + yaml);
      AuroraJob job = Serialization.unmarshal(yaml, AuroraJob.class);
      assertEquals(text, job.getSpec().getSource());
      assertEquals("c/r/e/n", job.getSpec().getJob());
    }
  }

  @Test
  void readableTextIsALiteralBlockAndTheRestIsQuoted() {
    assertTrue(ManifestYaml.text("jobs = []\n", 4).startsWith("|\n"));
    assertTrue(ManifestYaml.text("jobs = []", 4).startsWith("|-\n"));
    assertTrue(ManifestYaml.text("jobs = []\n\n", 4).startsWith("|+\n"));
    assertTrue(ManifestYaml.text("  x\n", 4).startsWith("|2\n"));
    assertFalse(ManifestYaml.literalSafe("a\r\nb"));
    assertTrue(ManifestYaml.text("a\r\nb", 4).startsWith("\""));
  }

  @Test
  void scalarsThatYamlWouldReadAsSomethingElseAreQuoted() {
    assertEquals("cluster1/demo/test/hello_world", ManifestYaml.scalar("cluster1/demo/test/hello_world"));
    for (String value : List.of("yes", "No", "on", "true", "null", "1", "1.5", "0x10", "-x", "a b", "a: b", "#x",
        "~", "")) {
      assertTrue(ManifestYaml.scalar(value).startsWith("\""), value);
    }
  }
}
