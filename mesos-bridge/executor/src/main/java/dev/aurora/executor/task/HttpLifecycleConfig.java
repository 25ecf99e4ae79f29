package dev.aurora.executor.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Aurora {@code HttpLifecycleConfig}: endpoints POSTed on the named port before the task is signalled. */
public record HttpLifecycleConfig(
    String port,
    @JsonProperty("graceful_shutdown_endpoint") String gracefulShutdownEndpoint,
    @JsonProperty("shutdown_endpoint") String shutdownEndpoint,
    @JsonProperty("graceful_shutdown_wait_secs") Integer gracefulShutdownWaitSecs,
    @JsonProperty("shutdown_wait_secs") Integer shutdownWaitSecs) {
  public HttpLifecycleConfig {
    port = port == null ? "health" : port;
    gracefulShutdownEndpoint = gracefulShutdownEndpoint == null ? "/quitquitquit" : gracefulShutdownEndpoint;
    shutdownEndpoint = shutdownEndpoint == null ? "/abortabortabort" : shutdownEndpoint;
    gracefulShutdownWaitSecs = gracefulShutdownWaitSecs == null ? 5 : gracefulShutdownWaitSecs;
    shutdownWaitSecs = shutdownWaitSecs == null ? 5 : shutdownWaitSecs;
  }
}
