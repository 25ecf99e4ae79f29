package dev.aurora.dsl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.aurora.dsl.Configs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional parts of Aurora's inspect layout. */
class InspectFormatterTest {

  @Test
  void optionalJobSectionsAndBackfilledProduction() {
    String text = InspectFormatter.format(Configs.job("jobs = [Job(cluster='c', role='r', environment='prod',"
        + " name='n', contact='me@example.com', production=True, constraints={'rack': 'r1'},"
        + " partition_policy=PartitionPolicy(delay_secs=10),"
        + " task=SimpleTask(name='n', command='true')(processes=[Process(name='d', cmdline='x', daemon=True,"
        + " ephemeral=True)]))]\n", null));
    assertEquals("""
        Job level information
          name:       'n'
          role:       'r'
          contact:    'me@example.com'
          cluster:    'c'
          instances:  '1'
          constraints:
            'rack': 'r1'
          partition_policy:
            reschedule: True
            delay_secs: '10'
          service:    False
          production: True

        Task level information
          name: 'n'

        Process 'd':
          daemon
          ephemeral
          cmdline:
            x

        """, text);
  }

  @Test
  void splitLinesLikePython() {
    assertEquals(List.of("a", "", "b"), InspectFormatter.splitLines("a\n\nb\n"));
    assertEquals(List.of(), InspectFormatter.splitLines(""));
    assertEquals(List.of("a", "b"), InspectFormatter.splitLines("a\r\nb"));
  }

  @Test
  void emptyCommandLinesPrintAsIndentedBlanks() {
    String text = InspectFormatter.format(Configs.job("jobs = [Job(cluster='c', role='r', environment='prod',"
        + " name='n', task=SimpleTask(name='n', command='one\\n\\ntwo'))]\n", null));
    assertTrue(text.contains("    one\n    \n    two\n"), text);
  }
}
