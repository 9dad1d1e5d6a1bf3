package org.fieldsync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who a device is: enrolment takes only ids of the protocol's format (no reserved names, no
 * paths, no blanks), sign-in refuses any other id, the console signs in with no device at all,
 * and a sync admin names the user a code is for by user name, as sign-in does.
 */
class DeviceIdentityTest {
  /** Ids an outside check enrolled with 201, and two more of the same kind. */
  private static final List<String> NOT_DEVICE_IDS = List.of("admin-console", "server", "a\nb",
      " ", "../../x", "Tablet-1", "ab", "x".repeat(65));

  @TempDir static Path tmp;
  private static TestServer server;
  private static Api api;
  private static String admin;

  @BeforeAll
  static void start() {
    server = TestServer.start(tmp.resolve("data"));
    api = new Api(server.port());
    admin = api.token("admin.gus");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String code(String username) {
    RawHttp.Response r = api.send("POST", "/api/v1/admin/enrolment-codes", admin,
        Api.body("username", username));
    assertEquals(201, r.status(), r.body());
    return Api.json(r).get("code").asText();
  }

  private static RawHttp.Response enrol(String code, String deviceId) {
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(
        new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey().getEncoded());
    return api.send("POST", "/api/v1/devices/enrol", null, Api.body("code", code,
        "deviceId", deviceId, "publicKey", key, "name", "Tablet"));
  }

  private static RawHttp.Response login(String username, String deviceId) {
    return api.send("POST", "/api/v1/auth/login", null, deviceId == null
        ? Api.body("username", username, "password", "demo-password-1")
        : Api.body("username", username, "password", "demo-password-1", "deviceId", deviceId));
  }

  @Test
  void enrolmentRefusesIdsThatAreNotDeviceIdsAndKeepsTheCode() {
    String code = code("fw.alice");
    for (String id : NOT_DEVICE_IDS) {
      RawHttp.Response r = enrol(code, id);
      assertEquals(400, r.status(), id + ": " + r.body());
      assertEquals("enrol.deviceId.invalid", Api.json(r).get("code").asText(), id);
    }
    RawHttp.Response ok = enrol(code, "0193a4f0-0000-7000-8000-000000000abc");
    assertEquals(201, ok.status(), "the refusals did not spend the code: " + ok.body());
    JsonNode body = Api.json(ok);
    assertEquals("fw.alice", body.get("username").asText());
  }

  @Test
  void signInRefusesADeviceIdThatIsNotOne() {
    for (String id : NOT_DEVICE_IDS) {
      RawHttp.Response r = login("fw.alice", id);
      assertEquals(400, r.status(), id + ": " + r.body());
      assertEquals("auth.deviceId.invalid", Api.json(r).get("code").asText(), id);
    }
  }

  @Test
  void noTabletCanLockTheConsoleOut() {
    // What locked every console sign-in out: a worker enrolling the console's shared id.
    assertEquals(400, enrol(code("fw.bea"), "admin-console").status());
    assertEquals(201, enrol(code("fw.bea"), "bea-tablet-1").status());
    RawHttp.Response console = login("admin.gus", null);
    assertEquals(200, console.status(), console.body());
    JsonNode session = Api.json(console);
    assertFalse(session.has("refreshToken") && !session.get("refreshToken").isNull(),
        "a console session is bound to no device, so it gets no refresh token");
    RawHttp.Response sync = api.send("GET", "/api/v1/sync/changes",
        session.get("token").asText(), null);
    assertEquals(403, sync.status());
    assertEquals(ErrorCodes.DEVICE_NOT_ENROLLED, Api.json(sync).get("code").asText());
  }

  @Test
  void theDevicesPageAnswersExactlyTheFieldsTheProtocolLists() throws Exception {
    String id = "dana-tablet-9";
    assertEquals(201, enrol(code("sw.dan"), id).status());
    String token = Api.json(login("sw.dan", id)).get("token").asText();
    RawHttp.Response pulled = RawHttp.send(server.port(), "GET", "/api/v1/sync/changes",
        Map.of("Authorization", "Bearer " + token, "FieldSync-App-Version", "1.4.2",
            "FieldSync-Pending", "3", "FieldSync-Needs-Attention", "1"), null);
    assertEquals(200, pulled.status(), pulled.body());
    JsonNode device = null;
    for (JsonNode d : Api.json(api.send("GET", "/api/v1/admin/devices", admin, null))
        .get("devices")) {
      device = id.equals(d.get("deviceId").asText()) ? d : device;
    }
    assertTrue(device != null, "the device is listed");
    Set<String> answered = new TreeSet<>();
    device.fieldNames().forEachRemaining(answered::add);
    assertEquals(documentedDeviceFields(), answered);
    assertEquals("sw.dan", device.get("username").asText());
    assertEquals("active", device.get("status").asText());
    assertEquals(3, device.get("pending").asInt());
  }

  /** The fields PROTOCOL.md section 8.5 lists for {@code GET /api/v1/admin/devices}. */
  private static Set<String> documentedDeviceFields() throws Exception {
    String protocol = Files.readString(Path.of("..", "sync-protocol", "PROTOCOL.md"));
    Matcher row = Pattern.compile("\\| `GET /api/v1/admin/devices` \\|[^|]*\\| `\\{\"devices\":"
        + "\\[\\{([^}]*)\\}\\]\\}`").matcher(protocol);
    assertTrue(row.find(), "PROTOCOL.md lists the devices answer");
    Set<String> out = new TreeSet<>();
    Matcher name = Pattern.compile("\"(\\w+)\"").matcher(row.group(1));
    while (name.find()) {
      out.add(name.group(1));
    }
    return out;
  }

  @Test
  void enrolmentCodesNameTheUserByUserName() throws Exception {
    RawHttp.Response r = api.send("POST", "/api/v1/admin/enrolment-codes", admin,
        Api.body("username", "fw.carl"));
    assertEquals(201, r.status(), r.body());
    JsonNode issued = Api.json(r);
    assertEquals("fw.carl", issued.get("username").asText());
    assertFalse(issued.has("userId"), "the internal id is nothing a caller needs: " + issued);
    assertTrue(issued.get("expiresAt").asLong() > 0);
    RawHttp.Response enrolled = enrol(issued.get("code").asText(), "carl-tablet-1");
    assertEquals(201, enrolled.status(), enrolled.body());
    assertEquals("fw.carl", Api.json(enrolled).get("username").asText());

    RawHttp.Response unknown = api.send("POST", "/api/v1/admin/enrolment-codes", admin,
        Api.body("username", "fw.nobody"));
    assertEquals(404, unknown.status());
    assertEquals(ErrorCodes.USER_NOT_FOUND, Api.json(unknown).get("code").asText());
    RawHttp.Response byId = api.send("POST", "/api/v1/admin/enrolment-codes", admin,
        Api.body("userId", "u-carl"));
    assertEquals(400, byId.status(), byId.body());
    assertEquals(ErrorCodes.REQUEST_BODY_INVALID, Api.json(byId).get("code").asText());
    assertTrue(Api.json(byId).get("message").asText().contains("username"));
  }
}
