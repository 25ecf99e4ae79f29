package dev.aurora.mesos.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aurora.mesos.protocol.MesosHttp;
import dev.aurora.mesos.protocol.ProtoJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.mesos.protobuf.InvalidProtocolBufferException;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * One master's {@code /api/v1/scheduler} endpoint, checking requests in the order the 1.11 master handler does
 * (MESOS.md A.1, A.4, A.5): method, leadership (307/503), authentication, Content-Type, body, call validation,
 * then SUBSCRIBE's Accept and stream-id rules or the framework and {@code Mesos-Stream-Id} checks.
 */
public final class MasterEndpoint {
  final int index;
  private final FakeMesosCluster cluster;
  private HttpServer server;
  private ExecutorService threads;
  private volatile URI url;

  MasterEndpoint(FakeMesosCluster cluster, int index) {
    this.cluster = cluster;
    this.index = index;
  }

  public URI url() {
    return url;
  }

  synchronized boolean isRunning() {
    return server != null;
  }

  synchronized void start(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-master-" + index + "-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext(MesosHttp.SCHEDULER_PATH, this::handle);
    server.createContext("/redirect", this::redirect);
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      threads.shutdownNow();
      server = null;
    }
  }

  private void redirect(HttpExchange ex) throws IOException {
    MasterEndpoint leader = cluster.leader();
    if (leader == null) {
      answer(ex, 503, "No leader elected");
      return;
    }
    ex.getResponseHeaders().add("Location", "//127.0.0.1:" + leader.url().getPort());
    answer(ex, 307, "");
  }

  private void handle(HttpExchange ex) throws IOException {
    try {
      handleChecked(ex);
    } catch (RuntimeException e) {
      answer(ex, 500, e.toString());
    }
  }

  private void handleChecked(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    if (!"POST".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().add("Allow", "POST");
      answer(ex, 405, "Expecting one of { 'POST' }, but received '" + ex.getRequestMethod() + "'");
      return;
    }
    if (!cluster.isLeader(this)) {
      MasterEndpoint leader = cluster.leader();
      if (leader == null) {
        answer(ex, 503, "No leader elected");
      } else {
        ex.getResponseHeaders().add("Location", "//127.0.0.1:" + leader.url().getPort() + MesosHttp.SCHEDULER_PATH);
        answer(ex, 307, "");
      }
      return;
    }
    if (!cluster.options.credentials().isEmpty() && !authenticated(ex)) {
      ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mesos\"");
      answer(ex, 401, "");
      return;
    }
    String contentType = ex.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null) {
      answer(ex, 400, "Expecting 'Content-Type' to be present");
      return;
    }
    boolean json;
    if (contentType.equals(MesosHttp.PROTOBUF)) {
      json = false;
    } else if (contentType.equals(MesosHttp.JSON)) {
      json = true;
    } else {
      answer(ex, 415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
      return;
    }
    Call call;
    try {
      call = json ? ProtoJson.merge(body, Call.newBuilder()).buildPartial() : Call.parseFrom(body);
    } catch (InvalidProtocolBufferException e) {
      answer(ex, 400, "Failed to parse body into Call protobuf: " + e.getMessage());
      return;
    } catch (IllegalArgumentException e) {
      answer(ex, 400, "Failed to convert JSON into Call protobuf: " + e.getMessage());
      return;
    }
    String invalid = validate(call);
    if (invalid != null) {
      answer(ex, 400, "Failed to validate scheduler::Call: " + invalid);
      return;
    }
    cluster.count(call.getType());
    String streamId = ex.getRequestHeaders().getFirst(MesosHttp.STREAM_ID);
    if (call.getType() == Call.Type.SUBSCRIBE) {
      subscribe(ex, call, streamId);
      return;
    }
    String[] refused = cluster.checkFramework(call.getFrameworkId().getValue(), streamId);
    if (refused != null) {
      answer(ex, Integer.parseInt(refused[0]), refused[1]);
      return;
    }
    String fw = call.getFrameworkId().getValue();
    switch (call.getType()) {
      case TEARDOWN -> cluster.teardown(fw);
      case ACCEPT -> {
        long delay = cluster.acceptDelayMillis();
        if (delay > 0) {
          try {
            Thread.sleep(delay); // fault injection: this request is slow, later ones on other connections are not
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        cluster.accept(fw, call.getAccept());
      }
      case DECLINE -> cluster.decline(fw, call.getDecline());
      case REVIVE -> cluster.revive(fw);
      case SUPPRESS -> cluster.suppress(fw);
      case KILL -> cluster.kill(fw, call.getKill());
      case SHUTDOWN -> cluster.shutdown(fw, call.getShutdown());
      case ACKNOWLEDGE -> {
        String error = cluster.acknowledge(fw, call.getAcknowledge());
        if (error != null) {
          answer(ex, 400, error);
          return;
        }
      }
      case RECONCILE -> cluster.reconcile(fw, call.getReconcile());
      case MESSAGE, REQUEST, ACCEPT_INVERSE_OFFERS, DECLINE_INVERSE_OFFERS -> {
      }
      default -> {
        // UNKNOWN (a type newer than this master) is 501 in Mesos too; the operation-API calls are not modelled.
        answer(ex, 501, "Received an unsupported call " + call.getType());
        return;
      }
    }
    answer(ex, 202, "");
  }

  private void subscribe(HttpExchange ex, Call call, String streamIdHeader) throws IOException {
    if (streamIdHeader != null) {
      answer(ex, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
      return;
    }
    String accept = ex.getRequestHeaders().getFirst("Accept");
    boolean json;
    if (accept == null || accept.contains(MesosHttp.JSON) || accept.contains("*/*")
        || accept.contains("application/*")) {
      json = true; // the master checks JSON first
    } else if (accept.contains(MesosHttp.PROTOBUF)) {
      json = false;
    } else {
      answer(ex, 406, "Expecting 'Accept' to allow application/json or application/x-protobuf");
      return;
    }
    String streamId = UUID.randomUUID().toString();
    ex.getResponseHeaders().add("Content-Type", json ? MesosHttp.JSON : MesosHttp.PROTOBUF);
    ex.getResponseHeaders().add(MesosHttp.STREAM_ID, streamId);
    ex.sendResponseHeaders(200, 0);
    cluster.subscribe(call.getSubscribe(), streamId, json, ex);
  }

  /** The checks of {@code validation::scheduler::call::validate} that matter for these calls. */
  private static String validate(Call call) {
    if (!call.isInitialized()) {
      return "Missing required fields: " + call.findInitializationErrors();
    }
    if (!call.hasType()) {
      return "Expecting 'type' to be present";
    }
    if (call.getType() == Call.Type.SUBSCRIBE) {
      if (!call.hasSubscribe()) {
        return "Expecting 'subscribe' to be present";
      }
      var info = call.getSubscribe().getFrameworkInfo();
      if (call.hasFrameworkId() != info.hasId()
          || (call.hasFrameworkId() && !call.getFrameworkId().equals(info.getId()))) {
        return "'framework_id' differs from 'subscribe.framework_info.id'";
      }
      return null;
    }
    if (!call.hasFrameworkId()) {
      return "Expecting 'framework_id' to be present";
    }
    return switch (call.getType()) {
      case ACCEPT -> call.hasAccept() ? null : "Expecting 'accept' to be present";
      case DECLINE -> call.hasDecline() ? null : "Expecting 'decline' to be present";
      case KILL -> call.hasKill() ? null : "Expecting 'kill' to be present";
      case SHUTDOWN -> call.hasShutdown() ? null : "Expecting 'shutdown' to be present";
      case ACKNOWLEDGE -> call.hasAcknowledge() ? null : "Expecting 'acknowledge' to be present";
      case RECONCILE -> call.hasReconcile() ? null : "Expecting 'reconcile' to be present";
      default -> null;
    };
  }

  private boolean authenticated(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    return colon > 0 && decoded.substring(colon + 1)
        .equals(cluster.options.credentials().get(decoded.substring(0, colon)));
  }

  private static void answer(HttpExchange ex, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0) {
      ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
    }
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
    ex.close();
  }
}
