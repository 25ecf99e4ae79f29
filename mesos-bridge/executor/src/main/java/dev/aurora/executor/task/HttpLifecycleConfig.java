package dev.aurora.executor.task;

/** Aurora {@code HttpLifecycleConfig}: endpoints POSTed on the named port before the task is signalled. */
public record HttpLifecycleConfig(
    String port,
    String gracefulShutdownEndpoint,
    String shutdownEndpoint,
    Integer gracefulShutdownWaitSecs,
    Integer shutdownWaitSecs) {
  public HttpLifecycleConfig {
    port = port == null ? "health" : port;
    gracefulShutdownEndpoint = gracefulShutdownEndpoint == null ? "/quitquitquit" : gracefulShutdownEndpoint;
    shutdownEndpoint = shutdownEndpoint == null ? "/abortabortabort" : shutdownEndpoint;
    gracefulShutdownWaitSecs = gracefulShutdownWaitSecs == null ? 5 : gracefulShutdownWaitSecs;
    shutdownWaitSecs = shutdownWaitSecs == null ? 5 : shutdownWaitSecs;
  }
}
