package dev.aurora.mesos.testing;

import com.sun.net.httpserver.HttpExchange;
import dev.aurora.mesos.protocol.ProtoJson;
import dev.aurora.mesos.protocol.RecordIO;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * One SUBSCRIBE response: a chunked RecordIO stream of events in the negotiated encoding, written by its own thread
 * so the master never does I/O under its lock. A failed write means the scheduler is gone.
 */
final class EventStream {
  private static final byte[] CLOSE = new byte[0];

  final String streamId;
  private final boolean json;
  private final HttpExchange exchange;
  private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
  private final Consumer<EventStream> onBroken;
  private volatile boolean closed;

  EventStream(String streamId, boolean json, HttpExchange exchange, Consumer<EventStream> onBroken) {
    this.streamId = streamId;
    this.json = json;
    this.exchange = exchange;
    this.onBroken = onBroken;
    Thread writer = new Thread(this::write, "fake-master-stream-" + streamId.substring(0, 8));
    writer.setDaemon(true);
    writer.start();
  }

  void send(Event event) {
    if (!closed) {
      queue.add(RecordIO.frame(json ? ProtoJson.toJsonBytes(event) : event.toByteArray()));
    }
  }

  /** Ends the stream after what is queued (the master closes the connection). */
  void close() {
    if (!closed) {
      closed = true;
      queue.add(CLOSE);
    }
  }

  boolean isClosed() {
    return closed;
  }

  private void write() {
    OutputStream out = exchange.getResponseBody();
    try {
      while (true) {
        byte[] record = queue.take();
        if (record == CLOSE) {
          break;
        }
        out.write(record);
        // Drain what is already queued before flushing: one chunk for a burst of events.
        byte[] next;
        while ((next = queue.poll()) != null && next != CLOSE) {
          out.write(next);
        }
        out.flush();
        if (next == CLOSE) {
          break;
        }
      }
    } catch (IOException | InterruptedException e) {
      if (!closed) {
        closed = true;
        onBroken.accept(this);
      }
    } finally {
      exchange.close();
    }
  }
}
