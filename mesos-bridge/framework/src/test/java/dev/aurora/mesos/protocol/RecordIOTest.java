package dev.aurora.mesos.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordIOTest {
  @Test
  void framesAsDocumented() {
    assertEquals("20\n{\"type\":\"HEARTBEAT\"}",
        new String(RecordIO.frame("{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8)),
            StandardCharsets.UTF_8));
  }

  @Test
  void decodesRecordsSplitAtEveryPossibleByte() throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    List<byte[]> sent = List.of("a".getBytes(), new byte[300], "{\"x\":\"\n12\"}".getBytes());
    for (byte[] r : sent) {
      stream.write(RecordIO.frame(r));
    }
    byte[] all = stream.toByteArray();
    for (int split = 0; split <= all.length; split++) {
      List<byte[]> got = new ArrayList<>();
      RecordIO.Decoder decoder = new RecordIO.Decoder(got::add);
      decoder.feed(java.util.Arrays.copyOfRange(all, 0, split));
      for (int i = split; i < all.length; i++) {
        decoder.feed(new byte[] {all[i]});
      }
      assertEquals(3, got.size());
      for (int i = 0; i < 3; i++) {
        assertArrayEquals(sent.get(i), got.get(i));
      }
      assertTrue(decoder.atRecordBoundary());
    }
  }

  @Test
  void partialRecordIsNotABoundary() {
    RecordIO.Decoder decoder = new RecordIO.Decoder(r -> { });
    decoder.feed("5\nab".getBytes());
    assertFalse(decoder.atRecordBoundary());
  }

  @Test
  void corruptLengthsAreRefusedWithTheirOffset() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new RecordIO.Decoder(r -> { }).feed("1\nx12a\n".getBytes()));
    assertTrue(e.getMessage().contains("offset 5"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> new RecordIO.Decoder(r -> { }).feed("0\n".getBytes()));
    assertThrows(IllegalStateException.class, () -> new RecordIO.Decoder(r -> { }).feed("\n".getBytes()));
  }
}
