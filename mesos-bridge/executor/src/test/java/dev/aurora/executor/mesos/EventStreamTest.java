package dev.aurora.executor.mesos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The SUBSCRIBE connection's HTTP/1.1 handling, against a hand-written server. */
class EventStreamTest {
  /** Serves one connection: reads the request head, writes {@code response}, then keeps the socket open. */
  private static CompletableFuture<String> serveOnce(ServerSocket server, String response) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        Socket socket = server.accept();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
          head.append((char) in.read());
        }
        OutputStream out = socket.getOutputStream();
        out.write(response.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return head.toString();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void recordsSplitAcrossAndSharingChunksAreReadWithoutWaitingForTheNextChunk() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // record 1 split over two chunks; records 2 and 3 share one; no terminating chunk: the stream stays open.
      String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
          + "4\r\n5\nab\r\n" + "3\r\ncde\r\n" + "8\r\n1\nx2\nyz\r\n";
      CompletableFuture<String> request = serveOnce(server, response);
      try (EventStream stream = EventStream.open("127.0.0.1", server.getLocalPort(), "/api/v1/executor",
          "{}".getBytes(StandardCharsets.UTF_8), "token")) {
        InputStream body = stream.body();
        assertEquals("abcde", new String(RecordIo.read(body), StandardCharsets.UTF_8));
        assertEquals("x", new String(RecordIo.read(body), StandardCharsets.UTF_8));
        assertEquals("yz", new String(RecordIo.read(body), StandardCharsets.UTF_8));
        String head = request.get(10, TimeUnit.SECONDS);
        assertTrue(head.contains("Content-Type: application/json\r\n"), head);
        assertTrue(head.contains("Authorization: Bearer token\r\n"), head);
        // Closing from another thread unblocks a reader waiting for the next chunk.
        CompletableFuture.runAsync(stream::close, CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS));
        assertThrows(IOException.class, () -> RecordIo.read(body));
      }
    }
  }

  @Test
  void terminatingChunkEndsTheStreamAndErrorsCarryTheStatus() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      serveOnce(server, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n1\nq\r\n0\r\n\r\n");
      try (EventStream stream = EventStream.open("127.0.0.1", server.getLocalPort(), "/", new byte[0], null)) {
        assertEquals("q", new String(RecordIo.read(stream.body()), StandardCharsets.UTF_8));
        assertNull(RecordIo.read(stream.body()));
      }
      serveOnce(server, "HTTP/1.1 403 Forbidden\r\nContent-Length: 26\r\n\r\nExecutor is not subscribed");
      IOException e = assertThrows(IOException.class,
          () -> EventStream.open("127.0.0.1", server.getLocalPort(), "/", new byte[0], null));
      assertTrue(e.getMessage().contains("403 Forbidden Executor is not subscribed"), e.getMessage());
    }
  }
}
