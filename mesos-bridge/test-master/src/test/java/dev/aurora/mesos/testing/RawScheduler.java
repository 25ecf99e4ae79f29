package dev.aurora.mesos.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.aurora.mesos.protocol.MesosHttp;
import dev.aurora.mesos.protocol.ProtoJson;
import dev.aurora.mesos.protocol.RecordIO;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** A bare-hands scheduler for protocol tests: raw HTTP requests and a raw RecordIO event stream. */
final class RawScheduler implements AutoCloseable {
  static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER).build();

  final URI master;
  String frameworkId;
  String streamId;
  HttpResponse<InputStream> response;
  final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private Thread reader;

  RawScheduler(URI master) {
    this.master = master;
  }

  static Call subscribeCall(String frameworkId) {
    FrameworkInfo.Builder info = FrameworkInfo.newBuilder().setUser("tester").setName("raw").addRoles("*")
        .setFailoverTimeout(3600);
    Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
    if (frameworkId != null) {
      info.setId(FrameworkID.newBuilder().setValue(frameworkId));
      call.setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
    }
    return call.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
  }

  /** Subscribes with protobuf and waits for SUBSCRIBED. */
  RawScheduler subscribe() throws Exception {
    return subscribe(subscribeCall(frameworkId), MesosHttp.PROTOBUF);
  }

  RawScheduler subscribe(Call call, String accept) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(master.resolve(MesosHttp.SCHEDULER_PATH))
        .header("Content-Type", MesosHttp.PROTOBUF).POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
    if (accept != null) {
      req.header("Accept", accept);
    }
    response = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    streamId = response.headers().firstValue(MesosHttp.STREAM_ID).orElse(null);
    boolean json = response.headers().firstValue("Content-Type").orElse("").equals(MesosHttp.JSON);
    InputStream in = response.body();
    reader = new Thread(() -> {
      RecordIO.Decoder decoder = new RecordIO.Decoder(record -> {
        try {
          events.add(json ? ProtoJson.merge(record, Event.newBuilder()).build() : Event.parseFrom(record));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          decoder.feed(java.util.Arrays.copyOf(buf, n));
        }
      } catch (Exception ignored) {
        // stream closed
      }
      events.add(Event.newBuilder().setType(Event.Type.UNKNOWN).build()); // end-of-stream marker
    }, "raw-scheduler-reader");
    reader.setDaemon(true);
    reader.start();
    Event first = next(e -> true);
    if (first.getType() == Event.Type.SUBSCRIBED) {
      frameworkId = first.getSubscribed().getFrameworkId().getValue();
    } else {
      events.add(first);
    }
    return this;
  }

  /** The next event matching, skipping others (heartbeats etc.); fails after 5 s. */
  Event next(Predicate<Event> wanted) throws InterruptedException {
    return next(wanted, Duration.ofSeconds(5));
  }

  Event next(Predicate<Event> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      Event e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
      assertNotNull(e, "no matching event within " + timeout);
      if (wanted.test(e)) {
        return e;
      }
    }
  }

  /** Null when nothing matching arrives in the window (for "must not happen" checks). */
  Event poll(Predicate<Event> wanted, Duration window) throws InterruptedException {
    long deadline = System.nanoTime() + window.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      Event e = events.poll(left, TimeUnit.NANOSECONDS);
      if (e != null && wanted.test(e)) {
        return e;
      }
    }
  }

  static Predicate<Event> type(Event.Type type) {
    return e -> e.getType() == type;
  }

  HttpResponse<String> post(Call.Builder call) throws Exception {
    if (frameworkId != null && !call.hasFrameworkId()) {
      call.setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId));
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(master.resolve(MesosHttp.SCHEDULER_PATH))
        .header("Content-Type", MesosHttp.PROTOBUF)
        .POST(HttpRequest.BodyPublishers.ofByteArray(call.build().toByteArray()));
    if (streamId != null) {
      req.header(MesosHttp.STREAM_ID, streamId);
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> raw(URI master, String method, String contentType, byte[] body, String... headers)
      throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(master.resolve(MesosHttp.SCHEDULER_PATH))
        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      req.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      req.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws java.io.IOException {
    if (response != null) {
      response.body().close();
    }
  }
}
