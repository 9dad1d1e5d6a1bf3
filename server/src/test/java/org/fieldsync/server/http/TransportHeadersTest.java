package org.fieldsync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What travels with an answer over plain HTTP: tokens only in the {@code Authorization} header
 * (the query's {@code access_token} is for the WebSocket upgrade alone), and responses carrying
 * case content are never cached nor sniffed as something else.
 */
class TransportHeadersTest {
  @TempDir static Path tmp;
  private static TestServer server;
  private static Api api;
  private static TestDevice tablet;
  private static String token;
  private static Revision visit;

  @BeforeAll
  static void start() {
    server = TestServer.start(tmp.resolve("data"));
    api = new Api(server.port());
    tablet = TestDevice.enrol(server.store(), server.port(), "fw.alice", "headers-tablet");
    token = tablet.login();
    visit = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "d", 1, "seen");
    assertEquals("accepted", api.push(tablet, visit).get("outcome").asText());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anH2cUpgradeOfferIsAnsweredInHttp11() throws Exception {
    // The JDK client offers `Upgrade: h2c` by default; the server stays on HTTP/1.1 (PROTOCOL 1).
    HttpClient offersH2c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = offersH2c.send(HttpRequest.newBuilder(
          URI.create(server.baseUrl() + "api/v1/health")).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals(HttpClient.Version.HTTP_1_1, r.version());
    }
  }

  @Test
  void anAccessTokenInTheQueryIsRefusedAnywhereButTheWebSocket() throws Exception {
    RawHttp.Response header = RawHttp.send(server.port(), "GET",
        "/api/v1/cases/case-0001/timeline", Map.of("Authorization", "Bearer " + token), null);
    assertEquals(200, header.status(), header.body());
    for (String path : List.of("/api/v1/cases/case-0001/timeline",
        "/api/v1/records/" + visit.id() + "/history", "/api/v1/sync/changes")) {
      RawHttp.Response query = RawHttp.send(server.port(), "GET",
          path + (path.contains("?") ? "&" : "?") + "access_token=" + token, Map.of(), null);
      assertEquals(401, query.status(), path + " " + query.body());
      assertEquals(ErrorCodes.AUTH_REQUIRED, Api.json(query).get("code").asText());
    }
  }

  @Test
  void theWebSocketUpgradeStillTakesTheTokenFromTheQuery() throws Exception {
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/api/v1/sync/ws?access_token="
            + token), new WebSocket.Listener() { })
        .get(30, TimeUnit.SECONDS);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS);
  }

  @Test
  void responsesWithCaseContentAreNotCachedNorSniffed() throws Exception {
    String conflictAdmin = api.token("admin.gus");
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
    for (String path : List.of("/api/v1/cases/case-0001/timeline",
        "/api/v1/records/" + visit.id() + "/history", "/api/v1/sync/changes",
        "/api/v1/records/" + visit.id() + "/nothing-here")) {
      RawHttp.Response r = RawHttp.send(server.port(), "GET", path, bearer, null);
      assertEquals("no-store", r.headers().get("cache-control"), path);
      assertEquals("nosniff", r.headers().get("x-content-type-options"), path);
    }
    RawHttp.Response conflicts = RawHttp.send(server.port(), "GET", "/api/v1/admin/conflicts",
        Map.of("Authorization", "Bearer " + conflictAdmin), null);
    assertEquals(200, conflicts.status(), conflicts.body());
    assertEquals("no-store", conflicts.headers().get("cache-control"));
    RawHttp.Response refused = RawHttp.send(server.port(), "GET", "/api/v1/sync/changes",
        Map.of(), null);
    assertEquals(401, refused.status());
    assertEquals("no-store", refused.headers().get("cache-control"), "problems too");
    assertEquals("nosniff", refused.headers().get("x-content-type-options"));
    assertNull(refused.headers().get("strict-transport-security"),
        "no HSTS over plain HTTP: a browser ignores it there, and it would be untrue");
  }

  @Test
  void aBodyOfAnotherMediaTypeIsTheDocumentedFourFifteenCode() throws Exception {
    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/v1/auth/login",
        Map.of("Content-Type", "text/plain"), "username=fw.alice");
    assertEquals(415, r.status(), r.body());
    JsonNode p = ProtocolCodec.readTree(r.body());
    assertEquals(ErrorCodes.REQUEST_CONTENT_TYPE, p.get("code").asText());
  }
}
