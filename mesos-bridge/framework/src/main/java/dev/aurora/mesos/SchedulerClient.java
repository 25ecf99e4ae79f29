package dev.aurora.mesos;

import dev.aurora.mesos.protocol.MesosHttp;
import dev.aurora.mesos.protocol.ProtoJson;
import dev.aurora.mesos.protocol.RecordIO;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.mesos.protobuf.InvalidProtocolBufferException;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The HTTP side of the v1 scheduler API (MESOS.md A.1, A.4, A.5): one long-lived SUBSCRIBE stream read as RecordIO,
 * every other call on its own request carrying {@code Mesos-Stream-Id}; 307 answers are followed by re-posting to the
 * leader they name. HTTP/1.1 only, exact Content-Type, no automatic redirects.
 */
public final class SchedulerClient {
  /** Body encoding for calls and events; protobuf is what production uses, JSON is for debugging. */
  public enum Encoding {
    PROTOBUF(MesosHttp.PROTOBUF), JSON(MesosHttp.JSON);

    final String mediaType;

    Encoding(String mediaType) {
      this.mediaType = mediaType;
    }
  }

  /** What a call came back with. */
  public record Answer(int status, String body) {
    public boolean accepted() {
      return status == 200 || status == 202;
    }
  }

  private static final int MAX_REDIRECTS = 4;

  private final HttpClient http;
  private final MasterDetector detector;
  private final Encoding encoding;
  private final String authorization;
  private volatile String streamId;

  public SchedulerClient(MasterDetector detector, Encoding encoding, String principal, String secret) {
    this.detector = detector;
    this.encoding = encoding;
    this.authorization = principal == null ? null : "Basic " + Base64.getEncoder().encodeToString(
        (principal + ":" + (secret == null ? "" : secret)).getBytes(StandardCharsets.UTF_8));
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
  }

  public String streamId() {
    return streamId;
  }

  /** An open (or opening) subscription; {@link #cancel()} drops the connection. */
  public interface Subscription {
    void cancel(String reason);
  }

  /**
   * Opens the event stream. Events go to {@code events} on the HTTP client's threads, in stream order; {@code closed}
   * is called exactly once with the reason the stream ended (including a refused subscription).
   */
  public Subscription subscribe(Call subscribe, Consumer<Event> events, Consumer<String> closed) {
    StreamState state = new StreamState(events, closed);
    openStream(subscribe, state, 0);
    return state::cancel;
  }

  private void openStream(Call subscribe, StreamState state, int hops) {
    URI master = detector.leader();
    if (master == null) {
      state.close("no leading master known");
      return;
    }
    streamId = null;
    HttpRequest request = request(master, subscribe, false).header("Accept", encoding.mediaType).build();
    http.sendAsync(request, info -> {
      if (info.statusCode() == 200) {
        streamId = info.headers().firstValue(MesosHttp.STREAM_ID).orElse(null);
        return state.bodySubscriber();
      }
      return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
    }).whenComplete((response, error) -> {
      if (error != null) {
        detector.failed(master);
        state.close("subscription to " + master + " failed: " + rootMessage(error));
      } else if (response.statusCode() == 307 && hops < MAX_REDIRECTS) {
        URI leader = redirectTarget(master, response.headers().firstValue("Location").orElse(null));
        if (leader == null) {
          state.close("307 without a usable Location from " + master);
        } else {
          detector.redirected(leader);
          openStream(subscribe, state, hops + 1);
        }
      } else if (response.statusCode() != 200) {
        if (response.statusCode() == 503) {
          detector.failed(master);
        }
        state.close("SUBSCRIBE answered " + response.statusCode() + ": " + response.body());
      } else {
        detector.failed(master);
        state.close("event stream from " + master + " ended");
      }
    });
  }

  /**
   * Sends one non-SUBSCRIBE call with the current stream id and waits for the answer, following 307s. Throws
   * IOException when no master could be reached.
   */
  public Answer send(Call call) throws IOException, InterruptedException {
    for (int hop = 0; ; hop++) {
      URI master = detector.leader();
      if (master == null) {
        throw new IOException("no leading master known");
      }
      HttpRequest.Builder builder = request(master, call, true);
      HttpResponse<String> response;
      try {
        response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (IOException e) {
        detector.failed(master);
        throw e;
      }
      if (response.statusCode() == 307 && hop < MAX_REDIRECTS) {
        URI leader = redirectTarget(master, response.headers().firstValue("Location").orElse(null));
        if (leader != null) {
          detector.redirected(leader);
          continue;
        }
      }
      return new Answer(response.statusCode(), response.body());
    }
  }

  private HttpRequest.Builder request(URI master, Call call, boolean withStreamId) {
    byte[] body = encoding == Encoding.PROTOBUF ? call.toByteArray() : ProtoJson.toJsonBytes(call);
    HttpRequest.Builder builder = HttpRequest.newBuilder(master.resolve(MesosHttp.SCHEDULER_PATH))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", encoding.mediaType);
    if (withStreamId) {
      String id = streamId;
      if (id != null) {
        builder.header(MesosHttp.STREAM_ID, id);
      }
      builder.timeout(Duration.ofSeconds(30));
    } else {
      builder.timeout(Duration.ofSeconds(15));
    }
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    return builder;
  }

  /** {@code Location: //host:port/api/v1/scheduler} (protocol-relative, MESOS.md A.5) → {@code http://host:port}. */
  static URI redirectTarget(URI from, String location) {
    if (location == null || location.isBlank()) {
      return null;
    }
    URI target = location.startsWith("//") ? URI.create(from.getScheme() + ":" + location) : from.resolve(location);
    if (target.getHost() == null) {
      return null;
    }
    return URI.create(target.getScheme() + "://" + target.getHost() + (target.getPort() > 0 ? ":" + target.getPort()
        : ""));
  }

  private Event decode(byte[] record) {
    try {
      return encoding == Encoding.PROTOBUF ? Event.parseFrom(record)
          : ProtoJson.merge(record, Event.newBuilder()).buildPartial();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("undecodable event: " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** One stream's decoding state and its once-only close notification. */
  private final class StreamState {
    private final Consumer<Event> events;
    private final Consumer<String> closed;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    StreamState(Consumer<Event> events, Consumer<String> closed) {
      this.events = events;
      this.closed = closed;
    }

    void close(String reason) {
      if (done.compareAndSet(false, true)) {
        closed.accept(reason);
      }
    }

    void cancel(String reason) {
      cancelled = true;
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      close(reason);
    }

    HttpResponse.BodySubscriber<String> bodySubscriber() {
      RecordIO.Decoder decoder = new RecordIO.Decoder(record -> {
        if (!cancelled) {
          events.accept(decode(record));
        }
      });
      CompletableFuture<String> body = new CompletableFuture<>();
      return new HttpResponse.BodySubscriber<>() {
        @Override
        public CompletionStage<String> getBody() {
          return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
          subscription = s;
          if (cancelled) {
            s.cancel();
          } else {
            s.request(1);
          }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
          try {
            for (ByteBuffer b : buffers) {
              decoder.feed(b);
            }
            subscription.request(1);
          } catch (RuntimeException e) {
            subscription.cancel();
            close("corrupt event stream: " + e.getMessage());
            body.complete("");
          }
        }

        @Override
        public void onError(Throwable t) {
          close("event stream failed: " + rootMessage(t));
          body.complete("");
        }

        @Override
        public void onComplete() {
          body.complete("");
        }
      };
    }
  }
}
