package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.SyncResult;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.auth.ServerKeys;
import org.fieldsync.server.cli.Main;
import org.fieldsync.server.testing.FlakyReceiver;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import java.io.IOException;
import java.util.Map;
import org.fieldsync.client.FieldSyncBuilder;

/**
 * The central case record, both ways, from nothing: a fresh server with no demo data is
 * provisioned by SCIM (a sync admin and a worker) and a case file (team, case, child,
 * allocation); the admin activates with a code from the command line, and issues the worker's
 * activation and enrolment codes; the worker sets her own password, enrols a real tablet
 * (Couchbase Lite), records a visit with no signal, and syncs. The visit reaches the case
 * management system's receiver through the signed HTTP sink (verified there) and the file sink.
 */
class CentralCaseRecordEndToEndTest {
  private static final String SCIM = "e2e-scim-token";
  private static final String IMPORT = "e2e-import-token";
  private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
  private static final String EXT = "urn:fieldsync:params:scim:schemas:extension:2.0:User";
  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void aFreshServerIsProvisionedAndAVisitMadeOfflineReachesBothSinks() throws Exception {
    Path data = tmp.resolve("server");
    Files.createDirectories(data);
    ServerKeys keys = ServerKeys.load(data);
    try (FlakyReceiver mosaic = new FlakyReceiver(keys.publicKeyBase64(), keys.keyId(), 0.3,
        10, 11L).start()) {
      Path drop = tmp.resolve("drop");
      Path exports = tmp.resolve("exports.json");
      Files.writeString(exports, "{\"sinks\":[{\"name\":\"mosaic\",\"kind\":\"http\",\"url\":\""
          + mosaic.url() + "\"},{\"name\":\"files\",\"kind\":\"file\",\"dir\":\"" + drop
          + "\"}],\"backoffMillis\":10,\"maxBackoffMillis\":100,\"pollMillis\":20}");
      try (TestServer server = TestServer.startEmpty(data, ServerConfig.defaults().with(b -> b
          .scimToken(SCIM).caseImportToken(IMPORT).exports(exports.toString())))) {
        String base = server.baseUrl();
        assertEquals(0, (int) server.store().<Integer>read(tx -> tx.people()
            .countPersons(null)));
        // Provisioned by the identity provider (SCIM) ...
        post(base + "scim/v2/Users", SCIM, "application/scim+json", user("admin.ida",
            "sync_admin", null), 201);
        post(base + "scim/v2/Users", SCIM, "application/scim+json", user("fw.nell",
            "family_worker", "team-ws"), 201);
        // ... and the case management system (the case file).
        JsonNode imported = post(base + "api/v1/integration/cases", IMPORT,
            "application/x-ndjson", String.join("\n",
                "{\"kind\":\"team\",\"id\":\"team-ws\",\"version\":1,\"name\":\"West Stour\","
                    + "\"locality\":\"Gillingham\"}",
                "{\"kind\":\"case\",\"id\":\"case-7001\",\"version\":1,\"team\":\"team-ws\","
                    + "\"locality\":\"Gillingham\",\"label\":\"Family WS-1\",\"status\":"
                    + "\"family_help\",\"children\":[{\"id\":\"child-7001\",\"initials\":"
                    + "\"M.H.\",\"status\":\"family_help\"}]}",
                "{\"kind\":\"allocation\",\"caseId\":\"case-7001\",\"user\":\"fw.nell\","
                    + "\"active\":true,\"version\":1}"), 200);
        assertEquals("{\"created\":3}", imported.get("summary").toString());

        // The first sync admin activates with a code from the server's command line.
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        Path config = tmp.resolve("config.json");
        ServerConfig c = server.config();
        Files.writeString(config, c.jdbcUrl() == null ? "{}" : ProtocolCodec.encodeToString(
            Map.of("store", "postgresql", "jdbcUrl", c.jdbcUrl(), "dbUser",
                c.dbUser(), "dbPassword", "")));
        assertEquals(0, cl.execute("activation-code", "admin.ida", "--data", data.toString(),
            "--config", config.toString()));
        String adminCode = out.toString().strip();
        post(base + "api/v1/auth/activate", null, "application/json", "{\"username\":"
            + "\"admin.ida\",\"code\":\"" + adminCode + "\",\"password\":\"chalk hills and"
            + " barrows\"}", 200);
        String admin = post(base + "api/v1/auth/login", null, "application/json",
            "{\"username\":\"admin.ida\",\"password\":\"chalk hills and barrows\"}", 200)
            .get("token").asText();
        String workerCode = post(base + "api/v1/admin/activation-codes", admin,
            "application/json", "{\"username\":\"fw.nell\"}", 201).get("code").asText();
        String enrolment = post(base + "api/v1/admin/enrolment-codes", admin,
            "application/json", "{\"username\":\"fw.nell\"}", 201).get("code").asText();
        // The worker sets her own password: nobody else ever knew it.
        String password = "blackmore vale mornings";
        post(base + "api/v1/auth/activate", null, "application/json", "{\"username\":"
            + "\"fw.nell\",\"code\":\"" + workerCode + "\",\"password\":\"" + password + "\"}",
            200);

        Path tablet = tmp.resolve("tablet");
        try (FieldSync fs = builder(base, tablet, password).build()) {
          fs.enrol(enrolment, "Nell's tablet");
          fs.syncNow();
        }
        String visitId;
        try (FieldSync offline = builder("http://127.0.0.1:9/", tablet, password).build()) {
          visitId = offline.visits().create("case-7001", List.of("child-7001"),
              Fixtures.visit(List.of("child-7001"), "Seen at home; M. showed her drawing."))
              .id();
          assertEquals(1, offline.status().pending());
        }
        try (FieldSync online = builder(base, tablet, password).build()) {
          SyncResult r = online.syncNow();
          assertEquals(1, r.accepted());
        }
        Fixtures.await("the visit at the receiver", Duration.ofSeconds(60),
            () -> mosaic.accepted().keySet().stream().anyMatch(k -> k.startsWith(visitId)));
        assertEquals(List.of(), mosaic.problems(), "signature verified");
        JsonNode got = mosaic.accepted().values().iterator().next();
        assertEquals("submitted", got.get("reason").asText());
        assertEquals("case-7001", got.get("record").get("caseId").asText());
        Fixtures.await("the visit in the file drop", Duration.ofSeconds(60), () -> {
          try (var files = Files.list(drop)) {
            return files.filter(f -> f.toString().endsWith(".ndjson")).anyMatch(f -> {
              try {
                return Files.readString(f).contains(visitId);
              } catch (IOException e) {
                return false;
              }
            });
          } catch (IOException e) {
            return false;
          }
        });
      }
    }
  }

  private static FieldSyncBuilder builder(String url, Path dir,
      String password) {
    return FieldSync.builder().serverUrl(url).dataDir(dir)
        .credentials(() -> new Credentials("fw.nell", password))
        .pin(Fixtures.PIN.toCharArray()).pinCost(1024, 1)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(20));
  }

  private static String user(String userName, String role, String team) {
    return "{\"schemas\":[\"" + CORE + "\",\"" + EXT + "\"],\"userName\":\"" + userName
        + "\",\"displayName\":\"" + userName + "\",\"active\":true,\"" + EXT + "\":{\"role\":\""
        + role + "\"" + (team == null ? "" : ",\"team\":\"" + team + "\"") + "}}";
  }

  private JsonNode post(String url, String token, String type, String body, int status)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), url + ": " + r.body());
    assertTrue(r.body().startsWith("{"), r.body());
    return ProtocolCodec.readTree(r.body());
  }
}
