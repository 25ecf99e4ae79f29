package dev.aurora.operator.cli.plugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A /files/read answer gives back the file's exact bytes, whatever they are. */
class FilesReadAnswerTest {
  @Test
  void escapesAreUndoneAndOtherBytesKeptAsTheyAre() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("{\"data\":\"a\\\"b\\\\c\\nd\\u0001 ".getBytes(StandardCharsets.US_ASCII));
    body.write(0xc3); // the first byte of a two-byte character a read's length cut off
    body.writeBytes("\",\"offset\":42}".getBytes(StandardCharsets.US_ASCII));
    FilesReadAnswer answer = FilesReadAnswer.parse(body.toByteArray());
    assertEquals(42, answer.offset());
    assertArrayEquals(new byte[] {'a', '"', 'b', '\\', 'c', '\n', 'd', 1, ' ', (byte) 0xc3}, answer.data());
  }

  @Test
  void keyOrderAndSpacesDoNotMatterAndUnicodeEscapesAreUtf8() {
    FilesReadAnswer answer = FilesReadAnswer.parse("{ \"offset\" : 7 , \"data\" : \"\\u00e9\\ud83d\\ude00\" }"
        .getBytes(StandardCharsets.US_ASCII));
    assertEquals(7, answer.offset());
    assertEquals("é😀", new String(answer.data(), StandardCharsets.UTF_8));
  }

  @Test
  void anAnswerWithoutDataIsRefused() {
    assertThrows(PluginException.class, () -> FilesReadAnswer.parse("{\"offset\":1}".getBytes()));
    assertThrows(PluginException.class, () -> FilesReadAnswer.parse("{\"data\":\"x".getBytes()));
  }
}
