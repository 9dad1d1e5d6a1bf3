package org.fieldsync.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The case file, by the integration route and by the {@code import} command, on this run's
 * store: a dry run changes nothing and says what would; a real run applies every good line and
 * reports each bad one by line number; the same file again changes nothing; versions decide; a
 * de-allocation reaches the worker's tablet at its next pull as a removal.
 */
class CaseImportTest {
  private static final String TOKEN = "case-import-token-0123456789";
  @TempDir static Path tmp;
  private static TestServer server;

  private static final List<String> FILE = List.of(
      "{\"kind\":\"team\",\"id\":\"team-bp\",\"version\":1,\"name\":\"Bridport Family Help\","
          + "\"locality\":\"Bridport\"}",
      "{\"kind\":\"case\",\"id\":\"case-9001\",\"version\":1,\"team\":\"team-bp\",\"locality\":"
          + "\"Bridport\",\"label\":\"Family BP-1\",\"status\":\"family_help\",\"children\":["
          + "{\"id\":\"child-9001\",\"initials\":\"T.W.\",\"status\":\"family_help\"},"
          + "{\"id\":\"child-9002\",\"initials\":\"R.W.\",\"status\":\"cp\"}]}",
      "",
      "{\"kind\":\"allocation\",\"caseId\":\"case-9001\",\"user\":\"fw.alice\",\"active\":true,"
          + "\"version\":1}",
      "{not json",
      "{\"kind\":\"pony\",\"version\":1}",
      "{\"kind\":\"case\",\"id\":\"case-9002\",\"version\":1,\"team\":\"team-nope\",\"locality\":"
          + "\"Bridport\",\"label\":\"Family BP-2\"}",
      "{\"kind\":\"allocation\",\"caseId\":\"case-9001\",\"user\":\"nobody\",\"active\":true,"
          + "\"version\":1}",
      "{\"kind\":\"case\",\"id\":\"case-9003\",\"team\":\"team-bp\",\"locality\":\"Bridport\","
          + "\"label\":\"Family BP-3\"}");

  @BeforeAll
  static void start() {
    server = TestServer.start(tmp.resolve("data"), ServerConfig.defaults().with(b -> b
        .caseImportToken(TOKEN)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode post(List<String> lines, boolean dry) throws IOException {
    RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/v1/integration/cases"
        + (dry ? "?dryRun=true" : ""), Map.of("Authorization", "Bearer " + TOKEN,
            "Content-Type", "application/x-ndjson"), String.join("\n", lines));
    assertEquals(200, r.status(), r.body());
    return ProtocolCodec.readTree(r.body());
  }

  private static List<String> outcomes(JsonNode report) {
    List<String> out = new ArrayList<>();
    for (JsonNode l : report.get("lines")) {
      out.add(l.get("line").asInt() + ":" + (l.get("outcome").asText().equals("error")
          ? l.get("code").asText() : l.get("outcome").asText()));
    }
    return out;
  }

  private static final List<String> ERRORS = List.of("5:import.line.malformed",
      "6:import.kind.unknown", "7:import.team.unknown", "8:import.user.unknown",
      "9:import.version.invalid");

  @Test
  void dryRunThenRunThenReRunAndVersions() throws Exception {
    assertEquals(401, RawHttp.send(server.port(), "POST", "/api/v1/integration/cases",
        Map.of("Content-Type", "application/x-ndjson"), FILE.get(0)).status());
    JsonNode dry = post(FILE, true);
    assertTrue(dry.get("dryRun").asBoolean());
    List<String> expected = new ArrayList<>(List.of("1:created", "2:created", "4:created"));
    expected.addAll(ERRORS);
    assertEquals(expected, outcomes(dry));
    assertEquals("[null,\"Family BP-1\"]", dry.get("lines").get(1).get("changes").get("label")
        .toString(), "the diff says what would change");
    assertFalse(server.store().<Boolean>read(tx -> tx.imports().caseExists("case-9001")),
        "a dry run changes nothing");

    assertEquals(expected, outcomes(post(FILE, false)));
    assertEquals("family_help", server.store().read(tx -> tx.imports().caseFields("case-9001")
        .orElseThrow().get("status")));
    assertEquals("R.W.", server.store().read(tx -> tx.imports().childInitials(
        "case-9001",
        "child-9002").orElseThrow()));
    assertTrue(server.store().<Boolean>read(tx -> tx.directory().allocated("case-9001",
        "u-alice")));

    long seq = server.store().read(tx -> tx.feed().currentSeq());
    List<String> again = new ArrayList<>(List.of("1:unchanged", "2:unchanged", "4:unchanged"));
    again.addAll(ERRORS);
    assertEquals(again, outcomes(post(FILE, false)), "the same file again changes nothing");
    assertEquals(seq, (long) server.store().<Long>read(tx -> tx.feed().currentSeq()));

    JsonNode versions = post(List.of(FILE.get(0).replace("Bridport Family Help", "Renamed"),
        FILE.get(0).replace("\"version\":1", "\"version\":0"),
        FILE.get(1).replace("\"version\":1", "\"version\":2").replace("family_help\",\"child",
            "cp\",\"child")), false);
    assertEquals(List.of("1:import.version.reused", "2:import.version.invalid", "3:updated"),
        outcomes(versions));
    assertEquals("[\"family_help\",\"cp\"]", versions.get("lines").get(2).get("changes")
        .get("status").toString());
    assertEquals("stale", outcomes(post(List.of(FILE.get(1)), false)).get(0).split(":")[1]);
  }

  @Test
  void aDeallocationReachesTheTabletAtItsNextSync() throws Exception {
    post(FILE.subList(0, 4).stream().map(l -> l.replace("team-bp", "team-bq")
        .replace("900", "920")).toList(), false);
    TestDevice tablet = TestDevice.enrol(server.store(), server.port(), "fw.alice", "imp-alice");
    String token = tablet.login();
    JsonNode first = pull(token, null);
    String checkpoint = first.get("checkpoint").asText();
    post(List.of("{\"kind\":\"allocation\",\"caseId\":\"case-9201\",\"user\":\"fw.alice\","
        + "\"active\":false,\"version\":5}"), false);
    JsonNode next = pull(token, checkpoint);
    assertTrue(next.toString().contains("\"removed\"") && next.toString().contains("case-9201"),
        next.toString());
  }

  private static JsonNode pull(String token, String since) throws IOException {
    RawHttp.Response r = RawHttp.send(server.port(), "GET", "/api/v1/sync/changes"
        + (since == null ? "" : "?since=" + URLEncoder.encode(since,
            StandardCharsets.UTF_8)), Map.of("Authorization", "Bearer "
            + token), null);
    assertEquals(200, r.status(), r.body());
    return ProtocolCodec.readTree(r.body());
  }

  @Test
  void theImportCommandReadsTheSameFileAndDryRuns() throws Exception {
    Path file = tmp.resolve("cases.ndjson");
    Files.write(file, List.of(FILE.get(0).replace("team-bp", "team-bz"), FILE.get(1)
        .replace("team-bp", "team-bz").replace("case-9001", "case-9101")
        .replace("child-900", "child-910"), "{broken"));
    Path config = tmp.resolve("config.json");
    ServerConfig c = server.config();
    Files.writeString(config, c.jdbcUrl() == null ? "{}" : ProtocolCodec.encodeToString(
        Map.of("store", "postgresql", "jdbcUrl", c.jdbcUrl(), "dbUser", c.dbUser(),
            "dbPassword", "")));
    CommandLines.Run dry = CommandLines.run("import", file.toString(), "--dry-run", "--config",
        config.toString(), "--data", server.dataDir().toString());
    assertEquals(1, dry.exit(), dry.out() + dry.err());
    assertTrue(dry.out().contains("dry run, nothing changed"), dry.out());
    assertTrue(dry.out().contains("import.line.malformed"), dry.out());
    assertFalse(server.store().<Boolean>read(tx -> tx.imports().caseExists("case-9101")));
    CommandLines.Run real = CommandLines.run("import", file.toString(), "--config",
        config.toString(), "--data", server.dataDir().toString());
    assertEquals(1, real.exit(), real.out() + real.err());
    assertTrue(server.store().<Boolean>read(tx -> tx.imports().caseExists("case-9101")));
  }
}
