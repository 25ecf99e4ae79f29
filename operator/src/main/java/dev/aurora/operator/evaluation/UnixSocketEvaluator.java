package dev.aurora.operator.evaluation;

import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Request;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator's side of the evaluator sidecar ({@link EvaluatorSocketServer}): one connection per evaluation over
 * the shared Unix domain socket. A server that does not answer within {@code responseTimeout} (its own time
 * limit plus queueing) is given up on; the connection is closed and the evaluation fails as a worker failure.
 */
public final class UnixSocketEvaluator implements ConfigEvaluator {
  private static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

  private final Path socketPath;
  private final EvaluationLimits limits;
  private final Duration responseTimeout;
  private final AtomicLong requestIds = new AtomicLong();
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "evaluator-socket-watchdog");
    thread.setDaemon(true);
    return thread;
  });
  private volatile String evaluatorVersion;

  public UnixSocketEvaluator(Path socketPath, EvaluationLimits limits, Duration responseTimeout) {
    this.socketPath = socketPath;
    this.limits = limits;
    this.responseTimeout = responseTimeout;
  }

  @Override
  public EvaluationOutcome evaluate(EvaluationInput input) {
    long id = requestIds.incrementAndGet();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socketPath));
      ScheduledFuture<?> deadline = watchdog.schedule(() -> closeQuietly(channel), responseTimeout.toMillis(),
          TimeUnit.MILLISECONDS);
      try {
        InputStream in = Channels.newInputStream(channel);
        OutputStream out = Channels.newOutputStream(channel);
        evaluatorVersion = EvaluatorProtocol.decodeReady(read(in)).evaluatorVersion();
        Frames.write(out, EvaluatorProtocol.encode(Request.of(id, input, limits)));
        Response response = EvaluatorProtocol.decodeResponse(read(in));
        if (response.id() != id) {
          return EvaluationOutcome.failed(Kind.WORKER_FAILURE,
              "the evaluator sidecar answered request " + response.id() + " instead of " + id);
        }
        return WorkerPool.toOutcome(response);
      } finally {
        deadline.cancel(false);
      }
    } catch (IOException e) {
      return EvaluationOutcome.failed(Kind.WORKER_FAILURE, "the evaluator sidecar at " + socketPath
          + " did not answer: " + e.getMessage());
    }
  }

  private static byte[] read(InputStream in) throws IOException {
    byte[] frame = Frames.read(in, MAX_RESPONSE_BYTES);
    if (frame == null) {
      throw new IOException("the connection closed before an answer");
    }
    return frame;
  }

  /** The sidecar's version as it last reported it; asks it when none has been seen yet. */
  @Override
  public String evaluatorVersion() {
    String known = evaluatorVersion;
    if (known != null) {
      return known;
    }
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socketPath));
      known = EvaluatorProtocol.decodeReady(read(Channels.newInputStream(channel))).evaluatorVersion();
      evaluatorVersion = known;
      return known;
    } catch (IOException e) {
      // Unknown for now: cache keys made with it never match a real version, and the evaluation itself will fail.
      return "unreachable";
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
  }
}
