package org.fieldsync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The request id: an incoming sane {@code X-Request-Id} is kept, anything else replaced; it is in
 * the response header and the problem body, and in the MDC of every log line the request writes,
 * on the event loop and on workers alike, and of no other request's lines.
 */
class RequestIdTest {
  @TempDir Path tmp;
  private TestServer server;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("data"));
    logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stop() {
    root.detachAppender(logs);
    server.close();
  }

  private RawHttp.Response login(String requestId, String password) throws Exception {
    return RawHttp.send(server.port(), "POST", "/api/v1/auth/login",
        requestId == null ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", RequestIds.HEADER, requestId),
        "{\"username\":\"fw.alice\",\"password\":\"" + password + "\"}");
  }

  /** The server's own log lines that say {@code text}. */
  private List<ILoggingEvent> lines(String text) {
    synchronized (logs) { // the appender adds under this lock, from the server's threads
      return logs.list.stream().filter(e -> e.getLoggerName().startsWith("org.fieldsync.server"))
          .filter(e -> e.getFormattedMessage().contains(text)).toList();
    }
  }

  @Test
  void aSaneIncomingIdIsKeptInTheHeaderTheProblemAndTheWorkersLogLine() throws Exception {
    RawHttp.Response r = login("visit-42.A_b", "wrong-password");
    assertEquals(401, r.status(), r.body());
    assertEquals("visit-42.A_b", r.headers().get("x-request-id"));
    assertEquals("visit-42.A_b", ProtocolCodec.readTree(r.body()).get("requestId").asText());
    List<ILoggingEvent> refused = lines("login refused");
    assertEquals(1, refused.size(), logs.list.toString());
    assertTrue(refused.get(0).getThreadName().contains("worker"), "logged on a worker");
    assertEquals("visit-42.A_b", refused.get(0).getMDCPropertyMap().get(RequestIds.MDC_KEY));
  }

  @Test
  void anUnsafeOrOverlongIncomingIdIsReplacedByANewOne() throws Exception {
    for (String bad : List.of("a".repeat(65), "two words", "<script>", "x\u00e9")) {
      RawHttp.Response r = login(bad, "wrong-password");
      String id = r.headers().get("x-request-id");
      assertNotEquals(bad, id);
      assertEquals(id, UUID.fromString(id).toString(), "a generated UUID");
      assertEquals(id, ProtocolCodec.readTree(r.body()).get("requestId").asText());
    }
    RawHttp.Response none = login(null, "wrong-password");
    assertEquals(none.headers().get("x-request-id"),
        ProtocolCodec.readTree(none.body()).get("requestId").asText());
  }

  @Test
  void aPushLogsOnTheEventLoopWithItsIdAndTheJsonLinePrintsIt() throws Exception {
    TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "alice-tab");
    Revision visit = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "alice-tab", 1,
        "Fictional notes.");
    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/v1/sync/push",
        Map.of("Authorization", "Bearer " + alice.login(), "Content-Type", "application/json",
            RequestIds.HEADER, "push-1"), alice.pushBody(List.of(visit)));
    assertEquals(200, r.status(), r.body());
    List<ILoggingEvent> pushed = lines("push request=push-1");
    assertEquals(1, pushed.size(), logs.list.toString());
    assertTrue(pushed.get(0).getThreadName().contains("eventloop"), "logged on the event loop");
    assertEquals("push-1", pushed.get(0).getMDCPropertyMap().get(RequestIds.MDC_KEY));

    // The configured JSON encoder (logback.xml) writes the MDC into the line.
    @SuppressWarnings("unchecked")
    OutputStreamAppender<ILoggingEvent> json =
        (OutputStreamAppender<ILoggingEvent>) root.getAppender("JSON");
    String line = new String(json.getEncoder().encode(pushed.get(0)), StandardCharsets.UTF_8);
    assertTrue(line.contains("\"requestId\":\"push-1\""), line);
  }

  @Test
  void oneRequestsIdNeverLeaksIntoAnothersLines() throws Exception {
    List<String> given = new ArrayList<>();
    List<String> generated = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      given.add("first-" + i);
      login("first-" + i, "wrong-password");
      generated.add(login(null, "demo-password-1").headers().get("x-request-id"));
    }
    assertEquals(given, ids(lines("login refused")));
    assertEquals(generated, ids(lines("login user=")));
  }

  private static List<String> ids(List<ILoggingEvent> events) {
    return events.stream().map(e -> e.getMDCPropertyMap().get(RequestIds.MDC_KEY)).toList();
  }

  @Test
  void aGeneratedIdIsARandomVersion4Uuid() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      UUID u = UUID.fromString(RequestIds.fresh());
      assertEquals(4, u.version());
      assertEquals(2, u.variant());
      ids.add(u.toString());
    }
    assertEquals(1_000, ids.size(), "no two alike");
  }
}
