package dev.aurora.operator.scheduling;

import static dev.aurora.operator.scheduling.AuroraSnippets.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The coordinator request Aurora's SlaManager made, against a real local HTTP server playing the coordinator. */
class SlaCoordinatorClientTest {
  private HttpServer server;
  private final AtomicReference<String> answer = new AtomicReference<>("{\"drain\": true}");
  private final AtomicReference<Integer> status = new AtomicReference<>(200);
  private final AtomicReference<String> query = new AtomicReference<>();
  private final AtomicReference<String> body = new AtomicReference<>();

  @BeforeEach
  void coordinator() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/sla", exchange -> {
      query.set(exchange.getRequestURI().getRawQuery());
      body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] out = answer.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/sla";
  }

  private JobEvent.CoordinatorAnswer ask(String url, String statusKey) throws Exception {
    MachineDriver job = new MachineDriver();
    job.apply(service("web", "serve", "instances=2"));
    job.allRunning();
    CompletableFuture<JobEvent.CoordinatorAnswer> result = new CompletableFuture<>();
    new SlaCoordinatorClient().ask(job.record, new Action.AskCoordinator(1, job.task(1).taskId(), url, statusKey),
        Duration.ofSeconds(10), result::complete);
    JobEvent.CoordinatorAnswer answered = result.get(20, TimeUnit.SECONDS);
    assertEquals(1, answered.instanceId());
    assertEquals(job.task(1).taskId(), answered.taskId());
    return answered;
  }

  @Test
  void theRequestNamesTheTaskAndCarriesItAndAYesAllowsTheKill() throws Exception {
    assertTrue(ask(url(), null).allowed());
    assertEquals("task=test%2Fwww%2Fprod%2Fweb%2F1", query.get());
    JsonNode sent = new ObjectMapper().readTree(body.get());
    assertEquals("test/www/prod/web/1", sent.path("task").asText());
    assertEquals(1, sent.path("taskConfig").path("assignedTask").path("instanceId").asInt());
    assertEquals("RUNNING", sent.path("taskConfig").path("status").asText());
    assertEquals("web", sent.path("taskConfig").path("assignedTask").path("task").path("name").asText(),
        "the task's config as the executor gets it");
  }

  @Test
  void theStatusKeyDecidesAndEverythingElseIsANo() throws Exception {
    answer.set("{\"drain\": true, \"safe\": false}");
    JobEvent.CoordinatorAnswer no = ask(url(), "safe");
    assertFalse(no.allowed());
    assertTrue(no.detail().endsWith("answered safe=false"), no.detail());
    answer.set("{\"other\": true}");
    assertTrue(ask(url(), null).detail().startsWith("the coordinator's answer has no boolean 'drain'"));
    status.set(503);
    answer.set("{\"drain\": true}");
    JobEvent.CoordinatorAnswer unavailable = ask(url(), null);
    assertFalse(unavailable.allowed());
    assertTrue(unavailable.detail().endsWith("answered HTTP 503"), unavailable.detail());
  }

  @Test
  void aCoordinatorThatCannotBeReachedIsANo() throws Exception {
    String gone = url();
    server.stop(0);
    JobEvent.CoordinatorAnswer failed = ask(gone, null);
    assertFalse(failed.allowed());
    assertTrue(failed.detail().startsWith("asking the coordinator " + gone + " failed"), failed.detail());
  }
}
