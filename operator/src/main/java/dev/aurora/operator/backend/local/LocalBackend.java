package dev.aurora.operator.backend.local;

import dev.aurora.backend.AssignedTask;
import dev.aurora.backend.Container;
import dev.aurora.backend.Backend;
import dev.aurora.backend.LaunchRequest;
import dev.aurora.backend.TaskState;
import dev.aurora.backend.TaskStatusEvent;
import dev.aurora.backend.TaskStatusListener;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The embedded default backend: runs each task with the real executor ({@code run-task}) as a child process on this
 * machine, in {@code <root>/<taskId>/} (layout: {@link TaskDirectory}).
 *
 * <p>Every state change and every listener call happens on one loop thread, so listeners see each task's events in
 * order. The loop polls the executors' output files for their transition lines and their processes for exit; the
 * exit status decides the terminal state only when the output ended without one.
 *
 * <p>Each task directory holds the {@link AssignedTask} the executor reads: the ports this backend assigned (free
 * local ports for the request's port names) and the job document unbound; the executor resolves aliases and binds.
 *
 * <p>{@link #close()} stops the loop and leaves the executors running, as the SPI asks. A new backend on the same root
 * adopts, when started, every task directory it finds: it replays the executor's output to learn the state, follows
 * the executor again if its recorded pid and start time still match a live process (so it can report and kill it),
 * and calls a task whose executor vanished without a terminal line LOST (an adopted executor's exit status is not
 * knowable). Its initial report is every adopted task's state, then LOST for each asked id it has no directory of.
 *
 * <p>Reports need no acknowledgement ({@code ackId} null): the state is on disk before it is reported, and
 * {@link #reconcile} reports every task again, terminal ones included.
 *
 * <p>Finished tasks stay known, and their directories (sandbox and logs) stay on disk: the SPI has no call to forget
 * a task, so cleaning up old task directories is left to whoever owns the root.
 */
public final class LocalBackend implements Backend {
  private static final Pattern SAFE_TASK_ID = Pattern.compile("[\\w-][\\w.-]*");

  private final LocalBackendSettings settings;
  private final ScheduledExecutorService loop;
  private final Map<String, LocalTask> tasks = new LinkedHashMap<>(); // loop thread only
  private volatile TaskStatusListener listener;
  private volatile boolean closed;

  public LocalBackend(LocalBackendSettings settings) {
    this.settings = settings;
    try {
      Files.createDirectories(settings.root());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create local backend root " + settings.root(), e);
    }
    loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "local-backend");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void start(Collection<String> knownTaskIds, TaskStatusListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    List<String> known = List.copyOf(knownTaskIds);
    // Adoption runs first on the loop, so every later call already sees the tasks of a previous backend.
    submit(() -> {
      adoptAll();
      for (LocalTask task : tasks.values()) {
        publish(task, task.state, "adopted");
      }
      for (String id : known) {
        if (!tasks.containsKey(id)) {
          publishUnknown(id, TaskState.LOST, "Task is unknown to the local backend");
        }
      }
      try {
        listener.onInitialReportComplete();
      } catch (RuntimeException e) {
        System.err.println("local backend: listener failed on the initial report: " + e);
      }
    });
    long poll = settings.pollInterval().toMillis();
    loop.scheduleWithFixedDelay(this::pollAll, poll, poll, TimeUnit.MILLISECONDS);
  }

  @Override
  public void launch(LaunchRequest request) {
    if (!SAFE_TASK_ID.matcher(request.taskId()).matches()) {
      throw new IllegalArgumentException("task id '" + request.taskId() + "' is not usable as a directory name "
          + "(allowed: letters, digits, '_', '-', '.')");
    }
    submit(() -> start(request));
  }

  @Override
  public void kill(String taskId) {
    submit(() -> killTask(taskId));
  }

  @Override
  public void reconcile(Collection<String> taskIds) {
    List<String> asked = List.copyOf(taskIds);
    submit(() -> {
      for (LocalTask task : tasks.values()) {
        publish(task, task.state, "reconciliation");
      }
      for (String id : asked) {
        if (!tasks.containsKey(id)) {
          publishUnknown(id, TaskState.LOST, "Task is unknown to the local backend");
        }
      }
    });
  }

  /** Nothing to do: every report is on disk before it is made (see the class comment). */
  @Override
  public void acknowledge(TaskStatusEvent event) {
  }

  @Override
  public void close() {
    closed = true;
    loop.shutdownNow();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void submit(Runnable action) {
    if (closed) {
      throw new IllegalStateException("local backend is closed");
    }
    loop.execute(action);
  }

  private void start(LaunchRequest request) {
    if (tasks.containsKey(request.taskId())) {
      return; // the SPI: launching a known task id is ignored
    }
    TaskDirectory dir = new TaskDirectory(settings.root().resolve(request.taskId()));
    LocalTask task = new LocalTask(dir, TaskState.PENDING);
    tasks.put(request.taskId(), task);
    transition(task, TaskState.PENDING, "");
    String unsupported = unsupported(request);
    if (unsupported != null) {
      // Admission refuses such jobs for the local backend; a request that gets here anyway fails, never runs bare.
      transition(task, TaskState.FAILED, unsupported);
      return;
    }
    try {
      task.host = settings.hostname();
      task.ports = FreePorts.allocate(request.resources().portNames());
      dir.writeTask(new AssignedTask(request.taskId(), request.instanceId(), task.host, task.ports,
          request.document()));
      transition(task, TaskState.ASSIGNED, "");
      Files.createDirectories(dir.sandbox());
      List<String> command = new ArrayList<>(settings.executorCommand());
      command.addAll(List.of("run-task", "--task", dir.taskFile().toString(), "--sandbox", dir.sandbox().toString()));
      command.addAll(settings.executorFlags());
      task.process = new ProcessBuilder(command).directory(dir.dir().toFile())
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.stdout().toFile()))
          .redirectError(ProcessBuilder.Redirect.appendTo(dir.stderr().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      task.executor = task.process.toHandle();
      task.output = new OutputFollower(dir.stdout());
      dir.writePid(task.executor);
      transition(task, TaskState.STARTING, "executor pid " + task.executor.pid());
    } catch (IOException | RuntimeException e) {
      if (task.executor != null) {
        killHard(task.executor); // started but not recorded: a later backend could not adopt it
        task.executor = null;
      }
      transition(task, TaskState.FAILED, "local backend could not start the executor: " + e.getMessage());
    }
  }

  /** What a child process of the operator cannot give a task: a container image, GPUs, revocable resources. */
  static String unsupported(LaunchRequest request) {
    Container container = request.config().container();
    if (container != null && (container.type() == Container.Type.DOCKER || container.image() != null)) {
      return "the local backend runs tasks as child processes and cannot run them in a container image; use the "
          + "mesos backend";
    }
    if (request.resources().gpus() > 0) {
      return "the local backend cannot give a task GPUs; use the mesos backend";
    }
    if (request.config().revocable()) {
      return "the local backend has no revocable resources for the revocable tier; use the mesos backend";
    }
    return null;
  }

  private void killTask(String taskId) {
    LocalTask task = tasks.get(taskId);
    if (task == null) {
      publishUnknown(taskId, TaskState.KILLED, "Task is unknown to the local backend");
    } else if (task.state.isTerminal() || task.killRequested()) {
      publish(task, task.state, "");
    } else if (task.executor == null) {
      transition(task, TaskState.KILLED, "Killed before its executor started");
    } else {
      requestKill(task);
    }
  }

  /** SIGTERM: run-task then kills its task gracefully (finalizers run) and exits. */
  private void requestKill(LocalTask task) {
    task.killDeadline = Instant.now().plus(settings.killEscalation());
    transition(task, TaskState.KILLING, "Instructed to kill task.");
    task.executor.destroy();
  }

  private void pollAll() {
    for (LocalTask task : tasks.values()) {
      if (task.executor != null) {
        try {
          poll(task);
        } catch (RuntimeException e) {
          System.err.println("local backend: following task " + task.taskId() + " failed: " + e);
        }
      }
    }
  }

  private void poll(LocalTask task) {
    follow(task, true);
    if (task.state.isTerminal()) {
      task.executor = null;
      return;
    }
    if (task.killRequested() && !task.escalated && Instant.now().isAfter(task.killDeadline)) {
      // The executor overran its budget: take it and everything it started down hard.
      task.escalated = true;
      killHard(task.executor);
    }
    if (!task.executor.isAlive()) {
      follow(task, true); // lines written just before the exit
      if (!task.state.isTerminal()) {
        ExecutorOutput.Transition end = task.process != null
            ? ExecutorOutput.fromExitCode(task.process.exitValue(), task.killRequested())
            : new ExecutorOutput.Transition(task.killRequested() ? TaskState.KILLED : TaskState.LOST,
                "adopted executor ended without reporting a final state");
        transition(task, end.state(), end.message());
      }
      task.executor = null;
    }
  }

  /** Applies the executor's new transition lines; {@code announce} false replays them silently (adoption). */
  private void follow(LocalTask task, boolean announce) {
    for (String line : task.output.newLines()) {
      Optional<ExecutorOutput.Transition> t = ExecutorOutput.parse(task.taskId(), line);
      if (t.isEmpty() || task.state.isTerminal()) {
        continue;
      }
      TaskState next = t.get().state();
      boolean backwards = !next.isTerminal() && (task.state == TaskState.KILLING
          || (task.state == TaskState.RUNNING && next == TaskState.STARTING));
      if (next == task.state || backwards) {
        continue;
      }
      if (announce) {
        transition(task, next, t.get().message());
      } else {
        task.state = next;
      }
    }
  }

  private void adoptAll() {
    try (Stream<Path> dirs = Files.list(settings.root())) {
      dirs.filter(d -> Files.isRegularFile(d.resolve("task.json"))).sorted().forEach(this::adopt);
    } catch (IOException e) {
      System.err.println("local backend: cannot list " + settings.root() + ": " + e);
    }
  }

  private void adopt(Path path) {
    TaskDirectory dir = new TaskDirectory(path);
    LocalTask task = new LocalTask(dir, dir.readState().orElse(TaskState.LOST));
    try {
      AssignedTask assigned = dir.readTask();
      task.host = assigned.hostname();
      task.ports = assigned.ports();
    } catch (RuntimeException e) {
      task.state = TaskState.LOST; // a task file cut short: the task cannot have started from it
    }
    tasks.put(dir.taskId(), task);
    if (task.state.isTerminal()) {
      return;
    }
    task.output = new OutputFollower(dir.stdout());
    follow(task, false);
    Optional<ProcessHandle> live = dir.readPid()
        .flatMap(p -> ProcessHandle.of(p.pid())
            .filter(h -> h.info().startInstant().map(p.start()::equals).orElse(false)));
    if (task.state.isTerminal()) {
      dir.writeState(task.state);
    } else if (live.isPresent() && live.get().isAlive()) {
      task.executor = live.get();
      if (task.state == TaskState.KILLING) {
        task.killDeadline = Instant.now().plus(settings.killEscalation());
        task.executor.destroy();
      }
    } else {
      task.state = TaskState.LOST;
      dir.writeState(task.state);
    }
  }

  private void transition(LocalTask task, TaskState state, String message) {
    task.state = state;
    task.dir.writeState(state);
    publish(task, state, message);
  }

  private void publish(LocalTask task, TaskState state, String message) {
    boolean placed = state != TaskState.PENDING;
    deliver(new TaskStatusEvent(task.taskId(), state, message, placed ? task.host : null,
        placed ? task.ports : Map.of(), Instant.now(), null, placed ? sandboxUri(task) : null));
  }

  /** The sandbox as a file URI without the trailing slash {@link Path#toUri} adds once the directory exists. */
  private static String sandboxUri(LocalTask task) {
    String uri = task.dir.sandbox().toAbsolutePath().toUri().toString();
    return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
  }

  private void publishUnknown(String taskId, TaskState state, String message) {
    deliver(new TaskStatusEvent(taskId, state, message, null, Map.of(), Instant.now(), null));
  }

  private void deliver(TaskStatusEvent event) {
    TaskStatusListener l = listener;
    if (l == null) {
      return;
    }
    try {
      l.onStatus(event);
    } catch (RuntimeException e) {
      System.err.println("local backend: listener failed on " + event + ": " + e);
    }
  }

  /** SIGKILL to the executor and everything below it, which would otherwise outlive it. */
  private static void killHard(ProcessHandle executor) {
    executor.descendants().forEach(ProcessHandle::destroyForcibly);
    executor.destroyForcibly();
  }
}
