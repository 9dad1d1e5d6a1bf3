package org.fieldsync.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit trail on a real server: what it records, that it verifies, and that an entry edited
 * or removed directly in the database is caught, by the API and by the command line.
 */
class AuditTrailTest {
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  @TempDir Path tmp;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("data"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void recordsLoginsPushOutcomesAndRefusalsAndCatchesATamperedRow() throws Exception {
    TestDevice tablet = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-1");
    String alice = tablet.login();
    Revision ok = Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "tab-1", 1, "x");
    Revision notHers = Revs.newVisit("case-0003", List.of("child-0004"), "u-alice", "tab-1", 2,
        "y");
    HttpResponse<String> push = send("POST", "api/v1/sync/push", alice,
        tablet.pushBody(List.of(ok, notHers)));
    assertEquals(200, push.statusCode());
    assertEquals(403, send("GET", "api/v1/admin/conflicts", alice, null).statusCode());
    assertEquals(401, send("POST", "api/v1/auth/login", null,
        "{\"username\":\"fw.alice\",\"password\":\"wrong-password\"}").statusCode());

    String iris = token("au.iris");
    JsonNode verify = json(send("GET", "api/v1/audit/verify", iris, null));
    assertTrue(verify.get("ok").asBoolean(), verify.toString());
    List<String> actions = new ArrayList<>();
    json(send("GET", "api/v1/audit?limit=1000", iris, null)).get("entries")
        .forEach(e -> actions.add(e.get("action").asText()));
    assertTrue(actions.containsAll(List.of("login.ok", "push.accepted", "push.rejected",
        "access.refused", "login.failed")), actions.toString());
    String all = send("GET", "api/v1/audit?limit=1000", iris, null).body();
    assertFalse(all.contains("wrong-password"), "no secret reaches the audit trail");
    assertFalse(all.contains(ok.body()), "no record content reaches the audit trail");
    assertEquals(403, send("GET", "api/v1/audit", alice, null).statusCode());

    long entries = verify.get("verified").asLong();
    assertTrue(entries >= 6);
    // Someone with database access rewrites history: change one entry's detail.
    try (Connection c = server.jdbc(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE audit_log SET detail = '{\"code\":null}' WHERE seq = 3");
    }
    JsonNode broken = json(send("GET", "api/v1/audit/verify", iris, null));
    assertFalse(broken.get("ok").asBoolean());
    assertEquals(3, broken.get("firstBroken").asLong());
    assertEquals(2, broken.get("verified").asLong());
    assertTrue(broken.get("reason").asText().contains("altered"));

    // The command line says the same, with an exit code for scripts.
    server.stop();
    ProcessBuilder verifier = new ProcessBuilder(ProcessHandle.current().info().command()
        .orElse("java"), "-cp", System.getProperty("java.class.path"),
        "org.fieldsync.server.cli.Main", "--verify-audit", "--data", tmp.resolve("data")
        .toString()).redirectErrorStream(true);
    verifier.environment().putAll(server.storeEnv());
    Process p = verifier.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(1, p.exitValue(), out);
    assertTrue(out.contains("\"firstBroken\":3"), out);
    server.start();
  }

  @Test
  void aRemovedEntryIsCaught() throws Exception {
    token("fw.alice");
    token("fw.bea");
    token("sw.dan");
    String iris = token("au.iris");
    assertTrue(json(send("GET", "api/v1/audit/verify", iris, null)).get("ok").asBoolean());
    try (Connection c = server.jdbc(); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM audit_log WHERE seq = 2");
    }
    JsonNode broken = json(send("GET", "api/v1/audit/verify", iris, null));
    assertFalse(broken.get("ok").asBoolean());
    assertEquals(2, broken.get("firstBroken").asLong());
    assertTrue(broken.get("reason").asText().contains("missing"));
  }

  private String token(String user) throws Exception {
    HttpResponse<String> r = send("POST", "api/v1/auth/login", null,
        "{\"username\":\"" + user + "\",\"password\":\"demo-password-1\"}");
    assertEquals(200, r.statusCode(), r.body());
    return ProtocolCodec.readTree(r.body()).get("token").asText();
  }

  private HttpResponse<String> send(String method, String path, String token, String body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) {
    return ProtocolCodec.readTree(r.body());
  }
}
