package org.fieldsync.server.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.ServerConfig;
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
 * A SCIM conformance-style suite (RFC 7643, RFC 7644) against a real server on this run's store:
 * every operation on users and groups, discovery, filters good and bad, pagination, unknown
 * attributes, version conflicts, the provisioning token's reach, and what deactivation ends.
 * Every refusal must be a SCIM error with a stable scimType or code, and never a 5xx.
 */
class ScimConformanceTest {
  private static final String TOKEN = "scim-test-token-0123456789";
  private static final String EXT = "urn:fieldsync:params:scim:schemas:extension:2.0:User";
  private static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
  @TempDir static Path tmp;
  private static TestServer server;
  private static Api api;

  @BeforeAll
  static void start() {
    server = TestServer.start(tmp.resolve("data"), ServerConfig.defaults().with(b -> b
        .scimToken(TOKEN)));
    api = new Api(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawHttp.Response scim(String method, String path, String body,
      String... headers) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Authorization", "Bearer " + TOKEN);
    if (body != null) {
      h.put("Content-Type", "application/scim+json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    try {
      RawHttp.Response r = RawHttp.send(server.port(), method, "/scim/v2" + path, h, body);
      assertTrue(r.status() < 500, method + " " + path + " answered " + r.status() + ": "
          + r.body());
      return r;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(RawHttp.Response r) {
    return ProtocolCodec.readTree(r.body());
  }

  /** The answer is a SCIM error of {@code status} with {@code scimType} (null: none). */
  private static void assertScimError(RawHttp.Response r, int status, String scimType) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.headers().get("content-type").startsWith("application/scim+json"), r.body());
    JsonNode e = json(r);
    assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", e.get("schemas").get(0)
        .asText());
    assertEquals(String.valueOf(status), e.get("status").asText());
    assertTrue(e.hasNonNull("detail") && e.hasNonNull("code"), r.body());
    if (scimType != null) {
      assertEquals(scimType, e.path("scimType").asText(), r.body());
    }
  }

  private static String user(String userName, String role, String team) {
    return "{\"schemas\":[\"" + CORE + "\",\"" + EXT + "\"],\"userName\":\"" + userName
        + "\",\"name\":{\"givenName\":\"Test\",\"familyName\":\"Person\"},\"emails\":[{\"value\":"
        + "\"" + userName + "@example.invalid\",\"primary\":true}],\"active\":true,\"" + EXT
        + "\":{\"role\":\"" + role + "\",\"team\":\"" + team + "\",\"grade\":\"FW2\","
        + "\"approvalLimitPence\":25000,\"locality\":\"Bridport\"}}";
  }

  @Test
  void discoveryDescribesTheServiceAndTheExtension() {
    JsonNode spc = json(scim("GET", "/ServiceProviderConfig", null));
    assertTrue(spc.get("patch").get("supported").asBoolean());
    assertTrue(spc.get("filter").get("supported").asBoolean());
    assertTrue(spc.get("etag").get("supported").asBoolean());
    assertFalse(spc.get("bulk").get("supported").asBoolean());
    String schemas = scim("GET", "/Schemas", null).body();
    assertTrue(schemas.contains(EXT) && schemas.contains("approvalLimitPence"), schemas);
    JsonNode types = json(scim("GET", "/ResourceTypes", null));
    assertEquals(2, types.get("totalResults").asInt());
    assertEquals(EXT, types.get("Resources").get(0).get("schemaExtensions").get(0).get("schema")
        .asText());
  }

  @Test
  void theProvisioningTokenOpensSCIMAndNothingElse() throws IOException {
    assertScimError(RawHttp.send(server.port(), "GET", "/scim/v2/Users", Map.of(), null), 401,
        null);
    String worker = api.token("fw.alice");
    assertScimError(RawHttp.send(server.port(), "GET", "/scim/v2/Users",
        Map.of("Authorization", "Bearer " + worker), null), 401, null);
    assertEquals(401, RawHttp.send(server.port(), "GET", "/api/v1/caseload",
        Map.of("Authorization", "Bearer " + TOKEN), null).status());
    assertEquals(401, RawHttp.send(server.port(), "GET", "/api/v1/admin/conflicts",
        Map.of("Authorization", "Bearer " + TOKEN), null).status());
    assertScimError(scim("GET", "/NoSuchThing", null), 404, null);
  }

  @Test
  void createGetFilterPageReplaceAndVersionConflicts() {
    RawHttp.Response created = scim("POST", "/Users", user("fw.olwen", "family_worker",
        "team-dw"));
    assertEquals(201, created.status(), created.body());
    JsonNode u = json(created);
    String id = u.get("id").asText();
    assertEquals("W/\"1\"", created.headers().get("etag"));
    assertTrue(created.headers().get("location").endsWith("/Users/" + id));
    assertEquals("Test Person", u.get("displayName").asText());
    assertEquals("team-dw", u.get(EXT).get("team").asText());
    assertEquals(25000, u.get(EXT).get("approvalLimitPence").asLong());
    assertScimError(scim("POST", "/Users", user("fw.olwen", "family_worker", "team-dw")), 409,
        "uniqueness");
    assertEquals(id, json(scim("GET", "/Users/" + id, null)).get("id").asText());
    assertScimError(scim("GET", "/Users/u-nobody", null), 404, null);

    JsonNode found = json(scim("GET", "/Users?filter=userName%20eq%20%22fw.olwen%22", null));
    assertEquals(1, found.get("totalResults").asInt());
    assertEquals(id, found.get("Resources").get(0).get("id").asText());
    assertEquals(0, json(scim("GET", "/Users?filter=userName%20eq%20%22nobody%22", null))
        .get("totalResults").asInt());
    for (String bad : List.of("userName%20co%20%22fw%22", "title%20eq%20%22x%22",
        "userName%20eq%20fw.olwen", "(userName%20eq%20%22a%22)%20or%20x", "%22%22")) {
      assertScimError(scim("GET", "/Users?filter=" + bad, null), 400, "invalidFilter");
    }

    int total = json(scim("GET", "/Users", null)).get("totalResults").asInt();
    assertTrue(total >= 11, "the demo's users and the new one: " + total);
    JsonNode page = json(scim("GET", "/Users?startIndex=3&count=4", null));
    assertEquals(4, page.get("itemsPerPage").asInt());
    assertEquals(3, page.get("startIndex").asInt());
    assertEquals(total, page.get("totalResults").asInt());
    JsonNode last = json(scim("GET", "/Users?startIndex=" + total + "&count=10", null));
    assertEquals(1, last.get("Resources").size());
    assertEquals(0, json(scim("GET", "/Users?count=0", null)).get("Resources").size());
    assertScimError(scim("GET", "/Users?count=many", null), 400, "invalidValue");

    String replaced = user("fw.olwen", "social_worker", "team-north").replace("\"FW2\"",
        "\"SW1\"");
    RawHttp.Response put = scim("PUT", "/Users/" + id, replaced, "If-Match", "W/\"1\"");
    assertEquals(200, put.status(), put.body());
    assertEquals("W/\"2\"", put.headers().get("etag"));
    assertEquals("social_worker", json(put).get(EXT).get("role").asText());
    assertScimError(scim("PUT", "/Users/" + id, replaced, "If-Match", "W/\"1\""), 412, null);
    assertScimError(scim("PATCH", "/Users/" + id, patch("replace", "displayName", "\"X\""),
        "If-Match", "W/\"1\""), 412, null);
    RawHttp.Response same = scim("PUT", "/Users/" + id, replaced, "If-Match", "W/\"2\"");
    assertEquals("W/\"2\"", same.headers().get("etag"), "a re-send that changes nothing");
    String[] stored = server.store().read(tx -> {
      var p = tx.people().person(id).orElseThrow();
      return new String[] {p.teamId(), p.grade(), String.join(",", p.roles())};
    });
    assertEquals("team-north/SW1/social_worker", String.join("/", stored));
  }

  private static String patch(String op, String path, String valueJson) {
    return "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{"
        + "\"op\":\"" + op + "\"" + (path == null ? "" : ",\"path\":\"" + path + "\"")
        + (valueJson == null ? "" : ",\"value\":" + valueJson) + "}]}";
  }

  @Test
  void patchUnknownAttributesAndBadValues() {
    String id = json(scim("POST", "/Users", user("fw.petra", "family_worker", "team-dw")))
        .get("id").asText();
    JsonNode p = json(scim("PATCH", "/Users/" + id, patch("Replace", EXT + ":team",
        "\"team-north\"")));
    assertEquals("team-north", p.get(EXT).get("team").asText());
    p = json(scim("PATCH", "/Users/" + id, patch("replace", null, "{\"displayName\":\"Petra"
        + " Q\",\"" + EXT + "\":{\"grade\":\"FW3\"}}")));
    assertEquals("Petra Q", p.get("displayName").asText());
    assertEquals("FW3", p.get(EXT).get("grade").asText());
    p = json(scim("PATCH", "/Users/" + id, patch("replace", "emails[type eq \\\"work\\\"].value",
        "\"petra@example.invalid\"")));
    assertEquals("petra@example.invalid", p.get("emails").get(0).get("value").asText());
    p = json(scim("PATCH", "/Users/" + id, patch("remove", EXT + ":grade", null)));
    assertFalse(p.get(EXT).has("grade"));

    assertScimError(scim("PATCH", "/Users/" + id, patch("replace", "nickName", "\"P\"")), 400,
        "invalidPath");
    assertScimError(scim("PATCH", "/Users/" + id, patch("replace", EXT + ":shoeSize", "1")),
        400, "invalidPath");
    assertScimError(scim("PATCH", "/Users/" + id, patch("frobnicate", "active", "true")), 400,
        "invalidSyntax");
    assertScimError(scim("PATCH", "/Users/" + id, patch("remove", null, null)), 400,
        "noTarget");
    assertScimError(scim("PATCH", "/Users/" + id, "{\"Operations\":[]}"), 400, "invalidSyntax");
    assertScimError(scim("POST", "/Users", user("fw.quinn", "family_worker", "team-dw")
        .replace("\"grade\"", "\"shoeSize\"")), 400, "invalidSyntax");
    assertScimError(scim("POST", "/Users", user("fw.quinn", "wizard", "team-dw")), 400,
        "invalidValue");
    assertScimError(scim("POST", "/Users", user("fw.quinn", "family_worker", "team-dw")
        .replace("\"approvalLimitPence\":25000", "\"approvalLimitPence\":-1")), 400,
        "invalidValue");
    assertScimError(scim("POST", "/Users", "{\"schemas\":[\"urn:example:unknown\"],"
        + "\"userName\":\"fw.quinn\"}"), 400, "invalidValue");
    assertScimError(scim("POST", "/Users", "{\"userName\":\"fw.quinn\",\"password\":\"x\"}"),
        400, "mutability");
    assertScimError(scim("POST", "/Users", "{\"userName\":\"\"}"), 400, "invalidValue");
    assertScimError(scim("POST", "/Users", "{not json"), 400, "invalidSyntax");
    assertScimError(scim("POST", "/Users", "[1,2]"), 400, "invalidSyntax");
    // An unknown core attribute is ignored (identity providers send many), and not stored.
    JsonNode extra = json(scim("POST", "/Users", user("fw.quinn", "family_worker", "team-dw")
        .replace("\"active\":true", "\"active\":true,\"title\":\"Lead\"")));
    assertFalse(extra.has("title"));
  }

  @Test
  void groupsCreatePatchMembersFilterAndDelete() {
    String a = json(scim("POST", "/Users", user("fw.rhian", "family_worker", "team-dw")))
        .get("id").asText();
    RawHttp.Response created = scim("POST", "/Groups", "{\"schemas\":"
        + "[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Bridport FH\","
        + "\"members\":[{\"value\":\"" + a + "\"}]}");
    assertEquals(201, created.status(), created.body());
    String g = json(created).get("id").asText();
    assertScimError(scim("POST", "/Groups", "{\"displayName\":\"Bridport FH\"}"), 409,
        "uniqueness");
    assertScimError(scim("POST", "/Groups", "{\"displayName\":\"Ghosts\",\"members\":"
        + "[{\"value\":\"u-nobody\"}]}"), 400, "invalidValue");
    JsonNode patched = json(scim("PATCH", "/Groups/" + g, patch("add", "members",
        "[{\"value\":\"u-bea\"}]")));
    assertEquals(2, patched.get("members").size());
    patched = json(scim("PATCH", "/Groups/" + g, patch("remove",
        "members[value eq \\\"" + a + "\\\"]", null)));
    assertEquals("u-bea", patched.get("members").get(0).get("value").asText());
    assertEquals(1, json(scim("GET", "/Groups?filter=displayName%20eq%20%22Bridport%20FH%22",
        null)).get("totalResults").asInt());
    assertScimError(scim("GET", "/Groups?filter=userName%20eq%20%22x%22", null), 400,
        "invalidFilter");
    assertScimError(scim("DELETE", "/Groups/" + g, null, "If-Match", "W/\"1\""), 412, null);
    assertEquals(204, scim("DELETE", "/Groups/" + g, null).status());
    assertScimError(scim("GET", "/Groups/" + g, null), 404, null);
  }

  @Test
  void deactivationEndsTokensRefreshAndSyncAtOnceAndKeepsUnpushedWorkUnderQuarantine()
      throws IOException {
    TestDevice tablet = TestDevice.enrol(server.store(), server.port(), "fw.carl", "scim-carl");
    JsonNode login = tablet.loginResponse();
    String token = login.get("token").asText();
    assertEquals(200, RawHttp.send(server.port(), "GET", "/api/v1/caseload",
        Map.of("Authorization", "Bearer " + token), null).status());
    String carl = json(scim("GET", "/Users?filter=userName%20eq%20%22fw.carl%22", null))
        .get("Resources").get(0).get("id").asText();

    RawHttp.Response off = scim("PATCH", "/Users/" + carl, patch("Replace", "active",
        "\"False\""));
    assertEquals(200, off.status(), off.body());
    assertFalse(json(off).get("active").asBoolean());

    assertEquals(401, RawHttp.send(server.port(), "GET", "/api/v1/caseload",
        Map.of("Authorization", "Bearer " + token), null).status(), "the session ended");
    RawHttp.Response refresh = RawHttp.send(server.port(), "POST", "/api/v1/auth/refresh",
        Map.of("Content-Type", "application/json"),
        tablet.refreshBody(login.get("refreshToken").asText()));
    assertNotEquals(200, refresh.status(), refresh.body());
    RawHttp.Response again = api.send("POST", "/api/v1/auth/login", null,
        "{\"username\":\"fw.carl\",\"password\":\"demo-password-1\"}");
    assertEquals(401, again.status());
    assertEquals("auth.credentials.invalid", Api.json(again).get("code").asText());
    var device = server.store().read(tx -> tx.devices().enrolled("scim-carl").orElseThrow());
    assertEquals("revoked", device.status());
    assertTrue(device.quarantine(), "the tablet may still hand over what it has not pushed");
    // A push from the tablet is refused (it may no longer sync), and nothing is stored.
    RawHttp.Response push = RawHttp.send(server.port(), "POST", "/api/v1/sync/push",
        Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json"),
        tablet.pushBody(List.of(Revs.newVisit("case-0003", List.of("child-0004"), "u-carl", "s",
            1, "after"))));
    assertEquals(401, push.status());

    // Reactivated, they sign in again (a new tablet enrolment is needed to sync).
    RawHttp.Response on = scim("PATCH", "/Users/" + carl, patch("replace", "active", "true"));
    assertTrue(json(on).get("active").asBoolean());
    assertEquals(200, api.send("POST", "/api/v1/auth/login", null,
        "{\"username\":\"fw.carl\",\"password\":\"demo-password-1\"}").status());
    // DELETE deactivates (users wrote records; they are never removed).
    assertEquals(204, scim("DELETE", "/Users/" + carl, null).status());
    assertFalse(json(scim("GET", "/Users/" + carl, null)).get("active").asBoolean());
  }

  @Test
  void aNewUserActivatesWithAOneTimeCodeAndChoosesTheirPassword() throws Exception {
    String id = json(scim("POST", "/Users", user("fw.sian", "family_worker", "team-dw")))
        .get("id").asText();
    assertEquals(401, api.send("POST", "/api/v1/auth/login", null,
        "{\"username\":\"fw.sian\",\"password\":\"\"}").status(), "no password yet");
    String admin = api.token("admin.gus");
    RawHttp.Response issued = api.send("POST", "/api/v1/admin/activation-codes", admin,
        "{\"username\":\"fw.sian\"}");
    assertEquals(201, issued.status(), issued.body());
    String code = Api.json(issued).get("code").asText();
    String stored;
    try (var c = server.jdbc(); var rs = c.createStatement().executeQuery(
        "SELECT code_hash FROM activation_codes WHERE user_id = '" + id + "'")) {
      rs.next();
      stored = rs.getString(1);
    }
    assertFalse(stored.contains(code.replace("-", "")), "only the hash is kept");
    assertEquals("auth.password.weak", Api.json(api.send("POST", "/api/v1/auth/activate", null,
        Api.body("username", "fw.sian", "code", code, "password", "short"))).get("code")
        .asText());
    RawHttp.Response wrong = api.send("POST", "/api/v1/auth/activate", null,
        Api.body("username", "fw.sian", "code", "AAAA-BBBB-CCCC", "password",
            "heathland ponies at dawn"));
    assertEquals(401, wrong.status());
    assertEquals("auth.activation.invalid", Api.json(wrong).get("code").asText());
    RawHttp.Response ok = api.send("POST", "/api/v1/auth/activate", null,
        Api.body("username", "fw.sian", "code", code, "password", "heathland ponies at dawn"));
    assertEquals(200, ok.status(), ok.body());
    assertEquals(200, api.send("POST", "/api/v1/auth/login", null,
        Api.body("username", "fw.sian", "password", "heathland ponies at dawn")).status());
    assertEquals(401, api.send("POST", "/api/v1/auth/activate", null,
        Api.body("username", "fw.sian", "code", code, "password", "another long phrase"))
        .status(), "a code works once");
  }
}
