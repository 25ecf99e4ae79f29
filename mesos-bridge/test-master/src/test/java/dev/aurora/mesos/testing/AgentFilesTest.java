package dev.aurora.mesos.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-test agent's files API against what a Mesos 1.x agent answers (its files process: {@code /files/read} and
 * {@code /files/browse}, query parameters decoded as libprocess does, JSON bodies written by its JSON writer): one
 * rule per test, each an answer a client such as the web UI's pailer or {@code kubectl aurora logs} relies on.
 */
class AgentFilesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SANDBOX = "/frameworks/F1/executors/aurora-E1/runs/latest";
  private final HttpClient http = HttpClient.newHttpClient();
  private AgentFiles files;
  @TempDir
  Path dir;

  @BeforeEach
  void start() throws IOException {
    files = new AgentFiles().start("agent-1");
    Files.createDirectories(dir.resolve("sandbox/.logs/hello/0"));
    Files.writeString(dir.resolve("sandbox/.logs/hello/0/stdout"), "0123456789\n");
    Files.writeString(dir.resolve("outside.txt"), "secret\n");
    files.attach(dir.resolve("sandbox"), SANDBOX + "/");
  }

  @AfterEach
  void stop() {
    files.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(files.url() + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String path(String p) {
    return URLEncoder.encode(p, StandardCharsets.UTF_8);
  }

  private HttpResponse<String> read(String file, String extra) throws Exception {
    return get("/files/read?path=" + path(SANDBOX + "/" + file) + extra);
  }

  @Test
  void readWithoutAPathIs400() throws Exception {
    for (String query : List.of("", "?offset=0", "?path=")) {
      HttpResponse<String> r = get("/files/read" + query);
      assertEquals(400, r.statusCode(), query);
      assertEquals("Expecting 'path=value' in query.\n", r.body());
      assertEquals("text/plain; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    }
  }

  @Test
  void anUnknownPathIs404WithAnEmptyBody() throws Exception {
    for (String p : List.of("/frameworks/other", SANDBOX + "/.logs/nope/0/stdout", "no/leading/slash")) {
      HttpResponse<String> r = get("/files/read?path=" + path(p));
      assertEquals(404, r.statusCode(), p);
      assertEquals("", r.body());
    }
    assertEquals(404, get("/files/browse?path=" + path(SANDBOX + "/missing")).statusCode());
  }

  @Test
  void offsetMinusOneOrNoOffsetGivesTheSizeAndNoData() throws Exception {
    for (String extra : List.of("&offset=-1", "", "&offset=-1&length=5")) {
      HttpResponse<String> r = read(".logs/hello/0/stdout", extra);
      assertEquals(200, r.statusCode());
      assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
      assertEquals("{\"data\":\"\",\"offset\":11}", r.body(), extra);
    }
  }

  @Test
  void aReadReturnsTheBytesFromTheOffsetAndEchoesTheOffset() throws Exception {
    assertEquals("{\"data\":\"0123456789\\n\",\"offset\":0}", read(".logs/hello/0/stdout", "&offset=0").body());
    assertEquals("{\"data\":\"3456\",\"offset\":3}", read(".logs/hello/0/stdout", "&offset=3&length=4").body());
    // length=-1 is "no length": to the end of the file (the pailer sends it first)
    assertEquals("{\"data\":\"89\\n\",\"offset\":8}", read(".logs/hello/0/stdout", "&offset=8&length=-1").body());
    assertEquals("{\"data\":\"\",\"offset\":3}", read(".logs/hello/0/stdout", "&offset=3&length=0").body());
  }

  @Test
  void anOffsetAtOrPastTheEndGivesNoDataAndTheAskedOffset() throws Exception {
    assertEquals("{\"data\":\"\",\"offset\":11}", read(".logs/hello/0/stdout", "&offset=11").body());
    assertEquals("{\"data\":\"\",\"offset\":500}", read(".logs/hello/0/stdout", "&offset=500").body());
  }

  @Test
  void oneReadIsCappedAtSixteenPages() throws Exception {
    Files.writeString(dir.resolve("sandbox/big"), "x".repeat(100_000));
    JsonNode first = JSON.readTree(read("big", "&offset=0").body());
    assertEquals(16 * 4096, first.get("data").asText().length());
    JsonNode rest = JSON.readTree(read("big", "&offset=" + 16 * 4096).body());
    assertEquals(100_000 - 16 * 4096, rest.get("data").asText().length());
  }

  @Test
  void badOffsetsAndLengthsAre400WithTheAgentsReasons() throws Exception {
    HttpResponse<String> negative = read(".logs/hello/0/stdout", "&offset=-2");
    assertEquals(400, negative.statusCode());
    assertEquals("Negative offset provided: -2.\n", negative.body());
    HttpResponse<String> negativeLength = read(".logs/hello/0/stdout", "&offset=0&length=-7");
    assertEquals(400, negativeLength.statusCode());
    assertEquals("Negative length provided: -7.\n", negativeLength.body());
    HttpResponse<String> words = read(".logs/hello/0/stdout", "&offset=abc");
    assertEquals(400, words.statusCode());
    assertTrue(words.body().startsWith("Failed to parse offset: "), words.body());
    HttpResponse<String> wordLength = read(".logs/hello/0/stdout", "&length=1x");
    assertEquals(400, wordLength.statusCode());
    assertTrue(wordLength.body().startsWith("Failed to parse length: "), wordLength.body());
  }

  @Test
  void aDirectoryCannotBeRead() throws Exception {
    HttpResponse<String> r = read(".logs/hello", "&offset=0");
    assertEquals(400, r.statusCode());
    assertEquals("Cannot read a directory.\n", r.body());
  }

  @Test
  void aPathCannotLeaveItsAttachedDirectory() throws Exception {
    HttpResponse<String> r = read("../outside.txt", "&offset=0");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("is inaccessible"), r.body());
    Files.createSymbolicLink(dir.resolve("sandbox/link"), dir.resolve("outside.txt"));
    assertEquals(400, read("link", "&offset=0").statusCode());
  }

  @Test
  void theDataIsTheFilesBytesInAJsonString() throws Exception {
    Files.write(dir.resolve("sandbox/odd"), "tab\there \"q\" back\\slash \u0001 é\n".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = read("odd", "&offset=0");
    assertEquals("{\"data\":\"tab\\there \\\"q\\\" back\\\\slash \\u0001 é\\n\",\"offset\":0}", r.body());
    assertEquals("tab\there \"q\" back\\slash \u0001 é\n", JSON.readTree(r.body()).get("data").asText());
  }

  @Test
  void jsonpWrapsTheAnswer() throws Exception {
    HttpResponse<String> r = read(".logs/hello/0/stdout", "&offset=0&length=2&jsonp=cb");
    assertEquals("text/javascript", r.headers().firstValue("Content-Type").orElse(""));
    assertEquals("cb({\"data\":\"01\",\"offset\":0})", r.body());
  }

  @Test
  void theQueryIsDecodedAsLibprocessDoes() throws Exception {
    // ';' separates pairs like '&', '+' is a space, %XX is a byte
    Files.writeString(dir.resolve("sandbox/with space"), "ok");
    assertEquals("{\"data\":\"ok\",\"offset\":0}",
        get("/files/read?path=" + SANDBOX.replace("/", "%2F") + "%2Fwith+space;offset=0").body());
  }

  @Test
  void browseListsADirectorySortedWithEachEntrysFileInfo() throws Exception {
    Files.writeString(dir.resolve("sandbox/.logs/hello/0/stderr"), "err");
    HttpResponse<String> r = get("/files/browse?path=" + path(SANDBOX + "/.logs/hello/0"));
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    JsonNode listing = JSON.readTree(r.body());
    List<String> paths = new ArrayList<>();
    listing.forEach(e -> paths.add(e.get("path").asText()));
    assertEquals(List.of(SANDBOX + "/.logs/hello/0/stderr", SANDBOX + "/.logs/hello/0/stdout"), paths);
    JsonNode stdout = listing.get(1);
    assertEquals(List.of("gid", "mode", "mtime", "nlink", "path", "size", "uid"), fieldNames(stdout));
    assertEquals(11, stdout.get("size").asLong());
    assertEquals(1, stdout.get("nlink").asInt());
    assertTrue(stdout.get("mode").asText().matches("-[rwx-]{9}"), stdout.toString());
    assertEquals(System.getProperty("user.name"), stdout.get("uid").asText());
    long mtime = Files.getLastModifiedTime(dir.resolve("sandbox/.logs/hello/0/stdout")).toMillis() / 1000;
    assertEquals(mtime, stdout.get("mtime").asLong());

    JsonNode logs = JSON.readTree(get("/files/browse?path=" + path(SANDBOX + "/.logs/")).body());
    assertEquals(1, logs.size());
    assertEquals(SANDBOX + "/.logs/hello", logs.get(0).get("path").asText());
    assertTrue(logs.get(0).get("mode").asText().startsWith("d"), logs.toString());
  }

  @Test
  void browsingAFileListsNothing() throws Exception {
    HttpResponse<String> r = get("/files/browse?path=" + path(SANDBOX + "/.logs/hello/0/stdout"));
    assertEquals(200, r.statusCode());
    assertEquals("[]", r.body());
    assertEquals(400, get("/files/browse").statusCode());
  }

  @Test
  void aNewAttachmentOfTheSameVirtualPathReplacesTheOld() throws Exception {
    Path second = Files.createDirectories(dir.resolve("second"));
    Files.writeString(second.resolve("f"), "two");
    files.attach(second, SANDBOX);
    assertEquals("{\"data\":\"two\",\"offset\":0}", read("f", "&offset=0").body());
    files.detach(SANDBOX);
    assertEquals(404, read("f", "&offset=0").statusCode());
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
