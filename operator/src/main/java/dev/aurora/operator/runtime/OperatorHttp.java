package dev.aurora.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** {@code /metrics} (Prometheus text format), {@code /healthz} and {@code /readyz} on one small JDK HTTP server. */
final class OperatorHttp implements AutoCloseable {
  private final HttpServer server;

  OperatorHttp(int port, Supplier<String> metrics, BooleanSupplier alive, BooleanSupplier ready) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 16);
    server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4", metrics.get()));
    server.createContext("/healthz", ex -> probe(ex, alive.getAsBoolean()));
    server.createContext("/readyz", ex -> probe(ex, ready.getAsBoolean()));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "operator-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange exchange, boolean ok) throws IOException {
    reply(exchange, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ready\n");
  }

  private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
