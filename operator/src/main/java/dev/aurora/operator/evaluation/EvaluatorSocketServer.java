package dev.aurora.operator.evaluation;

import dev.aurora.dsl.model.JobSpec;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Ready;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Request;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The evaluator as a sidecar: a {@link WorkerPool} behind a Unix domain socket in a volume shared with the
 * operator container (which holds the service-account token this container does not). Each connection starts with a
 * {@code ready} message, then carries requests and responses in the same frames as a worker's stdin/stdout.
 * Requests are answered within the tighter of the caller's and the server's limits.
 */
public final class EvaluatorSocketServer implements AutoCloseable {
  private final WorkerPool pool;
  private final Path socketPath;
  private final ServerSocketChannel server;
  private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private EvaluatorSocketServer(WorkerPool pool, Path socketPath) throws IOException {
    this.pool = pool;
    this.socketPath = socketPath;
    // A socket file left by a previous run of the container would make bind fail.
    Files.deleteIfExists(socketPath);
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socketPath));
    this.acceptor = new Thread(this::acceptLoop, "evaluator-socket-acceptor");
    acceptor.setDaemon(true);
  }

  /** Starts the pool and listens on {@code socketPath}; the pool's workers warm up in the background. */
  public static EvaluatorSocketServer start(PoolSettings settings, Path socketPath) throws IOException {
    WorkerPool pool = WorkerPool.start(settings);
    try {
      EvaluatorSocketServer server = new EvaluatorSocketServer(pool, socketPath);
      server.acceptor.start();
      return server;
    } catch (IOException | RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  public WorkerPool pool() {
    return pool;
  }

  public Path socketPath() {
    return socketPath;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel connection = server.accept();
        connections.add(connection);
        Thread handler = new Thread(() -> serve(connection), "evaluator-socket-connection");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        if (!closed) {
          System.err.println("evaluator socket server: accept failed: " + e.getMessage());
        }
      }
    }
  }

  private void serve(SocketChannel connection) {
    try (connection) {
      InputStream in = Channels.newInputStream(connection);
      OutputStream out = Channels.newOutputStream(connection);
      Frames.write(out, EvaluatorProtocol.encode(new Ready(pool.evaluatorVersion())));
      while (!closed) {
        byte[] frame = Frames.read(in, EvaluatorProtocol.MAX_REQUEST_BYTES);
        if (frame == null) {
          return;
        }
        Request request = EvaluatorProtocol.decodeRequest(frame);
        EvaluationLimits requested = new EvaluationLimits(request.timeLimit(),
            pool.settings().limits().memoryMegabytes(), request.maxOutputBytes(), request.recursionLimit());
        EvaluationOutcome outcome = pool.evaluate(request.input(), requested);
        Response response = outcome.ok()
            ? Response.success(request.id(), outcome.jobs().stream().map(JobSpec::jobJson).toList())
            : Response.failure(request.id(), outcome.failure(), false);
        Frames.write(out, EvaluatorProtocol.encode(response));
      }
    } catch (IOException | IllegalArgumentException e) {
      // The caller went away, spoke another protocol or asked for impossible limits; only this connection ends.
      if (!closed) {
        System.err.println("evaluator socket server: connection closed: " + e.getMessage());
      }
    } finally {
      connections.remove(connection);
    }
  }

  /** Blocks until the server is closed (the sidecar's main thread). */
  public void awaitClose() throws InterruptedException {
    acceptor.join();
  }

  public boolean awaitWarm(Duration timeout) throws InterruptedException {
    return pool.awaitWarm(timeout);
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // Closing is best effort; the socket file is removed below either way.
    }
    for (SocketChannel connection : connections) {
      try {
        connection.close();
      } catch (IOException e) {
        // Already gone.
      }
    }
    pool.close();
    try {
      Files.deleteIfExists(socketPath);
    } catch (IOException e) {
      // The file is inside the pod's emptyDir, which goes with the pod.
    }
  }
}
