package dev.aurora.operator.evaluation;

import dev.aurora.dsl.AuroraConfigEvaluator;
import dev.aurora.dsl.EvaluationResult;
import dev.aurora.operator.evaluation.EvaluationFailure.Kind;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Ready;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Request;
import dev.aurora.operator.evaluation.EvaluatorProtocol.Response;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The evaluator worker process: warms Jython up, arms the {@link WorkerSecurityManager}, says it is ready, then
 * answers requests read from stdin on stdout, one at a time, until stdin closes. Started by {@link WorkerPool}
 * with an empty environment, a private working directory and a bounded heap.
 *
 * <p>stdout carries only protocol frames: {@code System.out} (and so anything a config prints) is discarded
 * before the interpreter starts.
 */
public final class EvaluatorWorker {
  /** A config's lines of work are tiny; a heap this full after a collection means an allocation bomb. */
  private static final double HEAP_SHARE_LIMIT = 0.85;
  /** Deep enough that Python's recursion limit (a few JVM frames per Python call) trips before the JVM stack ends. */
  private static final long EVALUATION_STACK_BYTES = 64L * 1024 * 1024;
  /**
   * The parent kills a worker at the time limit. If the parent itself died, nobody would: past this multiple of
   * the limit the worker ends itself rather than spin forever as an orphan.
   */
  private static final int ORPHAN_TIME_FACTOR = 3;
  private static final long STDERR_CAP_BYTES = 256 * 1024;
  /**
   * Run before the guard is armed: imports every module the dsl allows and touches {@code os.path}, so Jython's
   * one-time set-up (native POSIX probing, module compilation) happens here rather than inside a config's
   * evaluation, where the guard would refuse it.
   */
  private static final String WARM_UP = String.join("\n",
      "import os, getpass, math, re, string, itertools, collections, functools, operator, json, datetime, time",
      "import copy, textwrap, warnings",
      "user = os.getenv('USER', 'warm') + os.path.join('a', 'b') + json.dumps({'a': [1]}) + str(math.sqrt(4))",
      "jobs = [Job(cluster='warm', role='up', environment='test', name='warm', task=SimpleTask('warm', 'true'))]",
      "");

  private EvaluatorWorker() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Serves requests on stdin/stdout; returns the exit status (0 when stdin closed). */
  public static int run(String[] args) {
    OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
    InputStream protocolIn = new FileInputStream(FileDescriptor.in);
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    // A config's print goes to stderr, which the pool keeps in a file for diagnostics: cap it so a printing loop
    // cannot fill the disk before the time limit ends it.
    System.setErr(new PrintStream(new CappedOutputStream(new FileOutputStream(FileDescriptor.err),
        STDERR_CAP_BYTES), true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream(new byte[0]));
    WorkerSecurityManager guard = WorkerSecurityManager.forThisJvm();
    try {
      warmUp();
      MemoryGuard.install(HEAP_SHARE_LIMIT, () -> guard.exit(MemoryGuard.EXIT_STATUS));
      System.setSecurityManager(guard);
    } catch (UnsupportedOperationException e) {
      System.err.println("evaluator worker: the JVM refused a security manager; start it with"
          + " -Djava.security.manager=allow (" + e.getMessage() + ")");
      return 2;
    } catch (RuntimeException e) {
      System.err.println("evaluator worker: warm-up failed: " + e);
      e.printStackTrace();
      return 2;
    }
    guard.arm();
    try {
      Frames.write(protocolOut, EvaluatorProtocol.encode(new Ready(evaluatorVersion())));
      serve(protocolIn, protocolOut, guard);
      guard.exit(0);
      return 0;
    } catch (IOException e) {
      System.err.println("evaluator worker: protocol stream failed: " + e.getMessage());
      guard.exit(1);
      return 1;
    }
  }

  /** The version of the language implementation this worker runs (the dsl module's build). */
  static String evaluatorVersion() {
    String version = AuroraConfigEvaluator.class.getPackage().getImplementationVersion();
    return "aurora-dsl " + (version == null ? "dev" : version) + ", protocol " + EvaluatorProtocol.VERSION;
  }

  private static void warmUp() {
    EvaluationResult result = AuroraConfigEvaluator.evaluate(
        DslEvaluation.toDslRequest(EvaluationInput.of("warm_up.aurora", WARM_UP)));
    if (!result.ok()) {
      throw new IllegalStateException("the built-in warm-up config failed: " + result.error().render());
    }
  }

  private static void serve(InputStream in, OutputStream out, WorkerSecurityManager guard) throws IOException {
    while (true) {
      byte[] frame = Frames.read(in, EvaluatorProtocol.MAX_REQUEST_BYTES);
      if (frame == null) {
        return;
      }
      Request request = EvaluatorProtocol.decodeRequest(frame);
      Response response = onOwnStack(request, guard);
      if (response == null) {
        System.err.println("evaluator worker: evaluation " + request.id() + " outlived its parent's time limit");
        guard.exit(4);
      }
      byte[] encoded = EvaluatorProtocol.encode(response);
      if (encoded.length > request.maxOutputBytes()) {
        encoded = EvaluatorProtocol.encode(Response.failure(request.id(), EvaluationFailure.of(Kind.OUTPUT_LIMIT,
            "output exceeds " + EvaluationLimits.describeBytes(request.maxOutputBytes()) + " (the resolved jobs are "
                + encoded.length + " bytes of JSON)"), false));
      }
      Frames.write(out, encoded);
      if (response.retire()) {
        return;
      }
    }
  }

  /**
   * Runs the evaluation on a fresh thread with a large stack, so Python's recursion limit trips before the JVM's
   * stack does, and nothing a config leaves in thread-local state reaches the next one. Null when the evaluation
   * ran so far past its time limit that the parent must be gone.
   */
  private static Response onOwnStack(Request request, WorkerSecurityManager guard) {
    AtomicReference<Response> answer = new AtomicReference<>();
    Thread thread = new Thread(null, () -> answer.set(DslEvaluation.evaluate(request, guard)),
        "evaluation-" + request.id(), EVALUATION_STACK_BYTES);
    thread.setDaemon(true);
    thread.start();
    try {
      thread.join(request.timeLimit().multipliedBy(ORPHAN_TIME_FACTOR).plusSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      return null;
    }
    Response response = answer.get();
    return response != null ? response : Response.failure(request.id(),
        EvaluationFailure.of(Kind.WORKER_FAILURE, "the evaluation thread ended without an answer"), true);
  }
}
