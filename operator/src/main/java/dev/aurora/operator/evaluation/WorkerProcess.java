package dev.aurora.operator.evaluation;

import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Request;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One evaluator worker JVM seen from its parent: started with an empty environment in a private temporary
 * directory, spoken to over its stdin/stdout, and killed (never asked) when it misbehaves. Not thread-safe: the
 * pool lends a worker to one evaluation at a time.
 */
final class WorkerProcess {
  /** Room for the response envelope around the jobs the worker may send. */
  private static final int ENVELOPE_BYTES = 64 * 1024;
  private static final Object END_OF_STREAM = new Object();

  private final Process process;
  private final Path directory;
  private final OutputStream requests;
  private final BlockingQueue<Object> responses = new LinkedBlockingQueue<>();
  private final String evaluatorVersion;
  private int evaluations;

  private WorkerProcess(Process process, Path directory, Duration startTimeout, int maxFrameBytes)
      throws IOException {
    this.process = process;
    this.directory = directory;
    this.requests = process.getOutputStream();
    Thread reader = new Thread(() -> readFrames(process.getInputStream(), maxFrameBytes),
        "evaluator-worker-" + process.pid() + "-reader");
    reader.setDaemon(true);
    reader.start();
    Object first = poll(startTimeout);
    if (!(first instanceof byte[] frame)) {
      String why = (first == null ? "evaluator worker did not start within " + startTimeout.toSeconds() + " s"
          : "evaluator worker ended during start-up") + exitDescription() + stderrTail();
      kill();
      throw new IOException(why);
    }
    this.evaluatorVersion = EvaluatorProtocol.decodeReady(frame).evaluatorVersion();
  }

  static WorkerProcess start(WorkerCommand command, EvaluationLimits limits, Duration startTimeout)
      throws IOException {
    Path directory = Files.createTempDirectory("aurora-evaluator-");
    ProcessBuilder builder = new ProcessBuilder(command.commandLine(limits, directory)).directory(directory.toFile());
    // No credentials, no KUBERNETES_* service discovery, no HOME: the worker sees nothing of the operator's environment.
    builder.environment().clear();
    builder.redirectError(directory.resolve("stderr.log").toFile());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      deleteDirectory(directory);
      throw e;
    }
    return new WorkerProcess(process, directory, startTimeout, limits.maxOutputBytes() + ENVELOPE_BYTES);
  }

  String evaluatorVersion() {
    return evaluatorVersion;
  }

  int evaluations() {
    return evaluations;
  }

  long pid() {
    return process.pid();
  }

  /**
   * Sends one request and waits for its answer at most the request's time limit. A failure of the worker itself
   * (time, memory, oversized or broken output, death) comes back as a response with {@code retire} set: the worker
   * is then already dead or must be killed.
   */
  Response call(Request request, EvaluationLimits limits) {
    evaluations++;
    try {
      Frames.write(requests, EvaluatorProtocol.encode(request));
    } catch (IOException e) {
      return lost(request, "the evaluator worker stopped accepting requests" + exitDescription());
    }
    Object answer = poll(request.timeLimit());
    if (answer == null) {
      kill();
      return Response.failure(request.id(), EvaluationFailure.of(Kind.TIME_LIMIT,
          "evaluation exceeded " + limits.describeTime()), true);
    }
    if (!(answer instanceof byte[])) {
      // The JVM itself prints "Terminating due to java.lang.OutOfMemoryError" on stdout when it gives up, which
      // reads as a huge or broken frame: ask the exit status first.
      if (exitStatus(Duration.ofSeconds(2)) == MemoryGuard.EXIT_STATUS) {
        kill();
        return Response.failure(request.id(), EvaluationFailure.of(Kind.MEMORY_LIMIT,
            "evaluation exceeded the " + limits.memoryMegabytes() + " MB memory limit"), true);
      }
      if (answer instanceof Frames.FrameTooLargeException tooLarge) {
        kill();
        return Response.failure(request.id(), EvaluationFailure.of(Kind.OUTPUT_LIMIT, "output exceeds "
            + limits.describeOutput() + " (the worker sent " + tooLarge.announced() + " bytes)"), true);
      }
      return lost(request, "the evaluator worker died during the evaluation" + exitDescription() + stderrTail());
    }
    Response response;
    try {
      response = EvaluatorProtocol.decodeResponse((byte[]) answer);
    } catch (EvaluatorProtocol.ProtocolException e) {
      return lost(request, "the evaluator worker broke the protocol: " + e.getMessage());
    }
    if (response.id() != request.id()) {
      return lost(request, "the evaluator worker answered request " + response.id() + " instead of " + request.id());
    }
    return response;
  }

  boolean alive() {
    return process.isAlive();
  }

  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteDirectory(directory);
  }

  private Response lost(Request request, String why) {
    kill();
    return Response.failure(request.id(), EvaluationFailure.of(Kind.WORKER_FAILURE, why), true);
  }

  private void readFrames(InputStream in, int maxFrameBytes) {
    try {
      while (true) {
        byte[] frame = Frames.read(in, maxFrameBytes);
        if (frame == null) {
          responses.add(END_OF_STREAM);
          return;
        }
        responses.add(frame);
      }
    } catch (IOException e) {
      responses.add(e);
    }
  }

  private Object poll(Duration timeout) {
    try {
      return responses.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The worker's exit status once it has ended (waiting briefly for a dying one), or -1 while it runs. */
  private int exitStatus(Duration wait) {
    try {
      return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String exitDescription() {
    int status = exitStatus(Duration.ofSeconds(2));
    return status < 0 ? "" : " (exit status " + status + ")";
  }

  /** The end of what the worker wrote to stderr, for errors about the worker itself. */
  private String stderrTail() {
    Path log = directory.resolve("stderr.log");
    try {
      if (!Files.exists(log)) {
        return "";
      }
      String text = Files.readString(log, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "" : ": " + (text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text);
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteDirectory(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A leftover empty temp directory is harmless; the worker that used it is dead.
    }
  }
}
