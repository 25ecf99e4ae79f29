package dev.aurora.mesos;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.URL;

/**
 * Where an executor's sandbox can be read through its agent's files API, as the Mesos web UI reads it. The offer's
 * {@code url} is the agent's own address (the master fills it from the agent's libprocess pid); the agent serves
 * {@code /files/read} and {@code /files/browse} at the root of that address and attaches each executor's sandbox at
 * the virtual path {@code /frameworks/<framework id>/executors/<executor id>/runs/latest}, which always names the
 * latest run's directory without exposing the agent's work directory. Our executor runs its one task in the
 * {@code sandbox/} directory of the executor's directory (as Thermos did), so that is the task's sandbox.
 */
final class AgentSandbox {
  private AgentSandbox() {
  }

  /**
   * {@code scheme://address:port/files/read?path=<virtual path of the task's sandbox>}, or null when the offer has no
   * agent URL.
   */
  static String of(Offer offer, String frameworkId, String executorId) {
    if (!offer.hasUrl() || frameworkId == null || !offer.getUrl().hasAddress()) {
      return null;
    }
    URL url = offer.getUrl();
    String host = url.getAddress().hasIp() && !url.getAddress().getIp().isEmpty() ? url.getAddress().getIp()
        : url.getAddress().getHostname();
    if (host == null || host.isEmpty() || !url.getAddress().hasPort()) {
      return null;
    }
    String virtualPath = "/frameworks/" + frameworkId + "/executors/" + executorId + "/runs/latest/sandbox";
    String scheme = url.hasScheme() && !url.getScheme().isEmpty() ? url.getScheme() : "http";
    return scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + url.getAddress().getPort()
        + "/files/read?path=" + URLEncoder.encode(virtualPath, StandardCharsets.UTF_8);
  }
}
