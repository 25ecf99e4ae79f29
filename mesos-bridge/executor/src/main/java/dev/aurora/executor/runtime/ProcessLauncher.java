package dev.aurora.executor.runtime;

import dev.aurora.executor.task.LoggerConfig;
import dev.aurora.executor.task.ProcessConfig;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Forks one run of a process the way Thermos' coordinator did (AURORA.md §6.5): {@code /bin/bash -c cmdline} in the
 * sandbox, as leader of a new session and process group (via {@code setsid}, since the JVM cannot call setsid()
 * between fork and exec), with the environment replaced by HOME/USER/LOGNAME/PATH and {@code BASH_ENV} pointing at
 * {@code .thermos_profile} when that file exists at fork time. Output goes to
 * {@code .logs/<process>/<run>/{stdout,stderr}} as the process' logger says.
 */
public final class ProcessLauncher {
  private static final String PROFILE = ".thermos_profile";

  private final Path sandbox;
  private final LoggerConfig defaultLogger;
  private final Map<String, String> baseEnvironment;
  /** Who the processes run as; null: the executor's own user. */
  private final RoleUser runAs;

  public ProcessLauncher(Path sandbox, LoggerConfig defaultLogger) {
    this(sandbox, defaultLogger, null);
  }

  /** Processes run as {@code runAs} (started through setpriv), or as the executor's user when it is null. */
  public ProcessLauncher(Path sandbox, LoggerConfig defaultLogger, RoleUser runAs) {
    this.sandbox = sandbox;
    this.defaultLogger = defaultLogger;
    this.runAs = runAs;
    String user = runAs != null ? runAs.name() : System.getProperty("user.name");
    String path = System.getenv().getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    this.baseEnvironment = Map.of("HOME", sandbox.toString(), "USER", user, "LOGNAME", user, "PATH", path);
  }

  /** The environment every process (and the shell health check) starts with, before {@code BASH_ENV}. */
  public Map<String, String> baseEnvironment() {
    return baseEnvironment;
  }

  /** A forked run: its bash (also the process group id) and the threads copying its output, if any. */
  public record Run(String process, int run, Process handle, List<Thread> pumps) {
    public long pid() {
      return handle.pid();
    }
  }

  public Run launch(ProcessConfig config, int run) throws IOException {
    Path logDir = sandbox.resolve(".logs").resolve(config.name()).resolve(Integer.toString(run));
    Files.createDirectories(logDir);
    List<String> command = List.of("setsid", "/bin/bash", "-c", config.cmdline());
    ProcessBuilder builder = new ProcessBuilder(runAs != null ? runAs.wrap(command) : command)
        .directory(sandbox.toFile())
        .redirectInput(new File("/dev/null"));
    Map<String, String> env = builder.environment();
    env.clear();
    env.putAll(baseEnvironment);
    Path profile = sandbox.resolve(PROFILE);
    if (Files.exists(profile)) {
      env.put("BASH_ENV", profile.toString());
    }
    LoggerConfig logger = config.logger() != null ? config.logger() : defaultLogger;
    boolean pumpOut = route(builder, logger, logDir.resolve("stdout"), true);
    boolean pumpErr = route(builder, logger, logDir.resolve("stderr"), false);
    Process process = builder.start();
    if (runAs != null) {
      ownLogs(logDir);
    }
    awaitOwnGroup(process);
    List<Thread> pumps = new ArrayList<>(2);
    if (pumpOut) {
      pumps.add(pump(process.getInputStream(), logger, logDir.resolve("stdout"), System.out, config.name()));
    }
    if (pumpErr) {
      pumps.add(pump(process.getErrorStream(), logger, logDir.resolve("stderr"), System.err, config.name()));
    }
    return new Run(config.name(), run, process, pumps);
  }

  /** The user owns its logs as it owns its sandbox: {@code .logs/<process>/<run>/} and the files in it. */
  private void ownLogs(Path logDir) throws IOException {
    for (Path p = logDir; p.startsWith(sandbox) && !p.equals(sandbox); p = p.getParent()) {
      runAs.own(p);
    }
    for (String stream : List.of("stdout", "stderr")) {
      Path file = logDir.resolve(stream);
      if (Files.exists(file)) {
        runAs.own(file);
      }
    }
  }

  /**
   * Returns once {@code setsid} has made the child a group leader (or it already exited). Until then the child is
   * still in the executor's own group, where a group signal would miss it; waiting here closes that window.
   */
  private static void awaitOwnGroup(Process process) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (process.isAlive() && System.nanoTime() < deadline) {
      var group = ProcessGroups.groupOf(process.pid());
      if (group.isEmpty() || group.getAsLong() == process.pid()) {
        return;
      }
      Thread.onSpinWait();
    }
  }

  /** Sets the redirect for one stream; true when the executor must copy the stream itself. */
  private static boolean route(ProcessBuilder builder, LoggerConfig logger, Path file, boolean stdout)
      throws IOException {
    ProcessBuilder.Redirect redirect;
    switch (logger.destination()) {
      case "none" -> redirect = ProcessBuilder.Redirect.DISCARD;
      case "console" -> redirect = ProcessBuilder.Redirect.INHERIT;
      case "both" -> redirect = ProcessBuilder.Redirect.PIPE;
      default -> redirect = logger.rotating()
          ? ProcessBuilder.Redirect.PIPE
          : ProcessBuilder.Redirect.to(file.toFile());
    }
    if (!"file".equals(logger.destination()) && !"both".equals(logger.destination())) {
      Files.deleteIfExists(file);
    }
    if (stdout) {
      builder.redirectOutput(redirect);
    } else {
      builder.redirectError(redirect);
    }
    return redirect == ProcessBuilder.Redirect.PIPE;
  }

  private static Thread pump(InputStream in, LoggerConfig logger, Path file, PrintStream console, String name)
      throws IOException {
    OutputStream log = logger.rotating()
        ? new RotatingLog(file, logger.rotate().logSize(), logger.rotate().backups())
        : Files.newOutputStream(file);
    boolean tee = "both".equals(logger.destination());
    // A small stack: the pump only shuffles bytes, and every thread counts against the executor's footprint.
    Thread thread = new Thread(null, () -> {
      byte[] buffer = new byte[8192];
      try (in; log) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          log.write(buffer, 0, n);
          if (tee) {
            console.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        // The pipe closed under us (process group killed); what was read is already on disk.
      }
    }, "log-" + name + "-" + file.getFileName(), 64 * 1024);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
