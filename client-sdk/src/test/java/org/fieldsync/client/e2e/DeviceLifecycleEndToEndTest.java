package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SyncStatus;
import org.fieldsync.client.internal.JdkTransport;
import org.fieldsync.client.spi.Transport;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.junit.jupiter.api.Test;

/**
 * Enrolled devices, end to end: an unenrolled tablet cannot sync, a code works once, a forged
 * or altered revision is refused and audited, and a revoked tablet hands over its unpushed work
 * (where the admin allows it) and then destroys its data and keys.
 */
class DeviceLifecycleEndToEndTest extends ServerBackedTest {

  @Test
  void anUnenrolledTabletKeepsItsWorkButCannotSyncUntilItEnrolsOnce() {
    try (FieldSync alice = Fixtures.unenrolled(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      FieldSyncException notReady = assertThrows(FieldSyncException.class, () -> alice.visits()
          .create(CASE, KIDS, Fixtures.visit(KIDS, "Before enrolment.")));
      assertEquals("vault.notReady", notReady.code(), "no data key before enrolment");
      FieldSyncException e = assertThrows(FieldSyncException.class, alice::syncNow);
      assertEquals(SdkErrorCodes.DEVICE_NOT_ENROLLED, e.code());
      String code = Fixtures.enrolmentCode(server.baseUrl(), "fw.alice");
      alice.enrol(code, "Alice's tablet");
      assertTrue(alice.enrolled());
      String id = alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "After enrolment."))
          .id();
      assertEquals(1, alice.syncNow().accepted());
      assertTrue(alice.receipts(id).get(0).verified());
      try (FieldSync other = Fixtures.unenrolled(server.baseUrl(), tmp.resolve("o"),
          "fw.alice")) {
        FieldSyncException reused = assertThrows(FieldSyncException.class,
            () -> other.enrol(code, "another tablet"));
        assertEquals("enrol.codeInvalid", reused.code(), "a code works once");
      }
    }
  }

  @Test
  void aForgedOrAlteredRevisionIsRefusedAndAudited() {
    TestDevice tablet = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-f");
    String token = tablet.login();
    Revision honest = tablet.own(Revs.newVisit(CASE, KIDS, "u-alice", "tab-f", 1, "Honest."));
    // Altered after signing: new content, a correct rev, the old signature.
    Revision altered = tablet.own(Revs.newVisit(CASE, KIDS, "u-alice", "tab-f", 1, "Altered."));
    Revision altered2 = altered.withRev(Revisions.computeRev(altered), null);
    String body = ProtocolCodec.encodeToString(new PushRequest("tab-f", List.of(honest,
        altered2), List.of(tablet.sign(honest), tablet.sign(honest))));
    JsonNode outcomes = ProtocolCodec.readTree(raw.send("POST", "api/v1/sync/push", token, body)
        .body()).get("outcomes");
    assertEquals("accepted", outcomes.get(0).get("outcome").asText());
    assertEquals("rejected", outcomes.get(1).get("outcome").asText());
    assertEquals("revision.signature.invalid",
        outcomes.get(1).get("error").get("code").asText());
    // Another device's revision pushed from this one.
    Revision foreign = Revs.newVisit(CASE, KIDS, "u-alice", "someone-else", 3, "Foreign.");
    JsonNode mismatch = ProtocolCodec.readTree(raw.send("POST", "api/v1/sync/push", token,
        ProtocolCodec.encodeToString(new PushRequest("tab-f", List.of(foreign),
            List.of(tablet.sign(foreign))))).body()).get("outcomes").get(0);
    assertEquals("revision.device.mismatch", mismatch.get("error").get("code").asText());
    String audit = server.store().read(tx -> tx.audit().entries(0, 1000).toString());
    assertTrue(audit.contains("revision.signature.invalid"), "the forgery is audited");
    assertEquals(0, (int) server.store().<Integer>read(tx -> tx.revisions()
        .revisionCount(altered.id())),
        "nothing of the altered revision is stored");
  }

  @Test
  void aRevokedTabletHandsOverUnpushedWorkThenWipesItself() throws Exception {
    Path dir = tmp.resolve("a");
    FieldSync alice = Fixtures.device(server.baseUrl(), dir, "fw.alice");
    String deviceId = alice.deviceId();
    alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Synced."));
    alice.syncNow();
    alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Not yet pushed, one."));
    alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Not yet pushed, two."));
    String admin = raw.token("admin.gus");
    RawClient.Response revoked = raw.send("POST", "api/v1/admin/devices/" + deviceId
        + "/revoke", admin, "{\"quarantine\":true}");
    assertEquals(200, revoked.status(), revoked.body());

    FieldSyncException wiped = assertThrows(FieldSyncException.class, alice::syncNow);
    assertEquals(SdkErrorCodes.DEVICE_WIPED, wiped.code());
    assertEquals(2, (int) server.store().<Integer>read(
        tx -> tx.devices().quarantined(deviceId)),
        "the unpushed work reached the quarantine");
    assertFalse(Files.exists(dir), "data and keys are gone from the tablet");
    assertThrows(FieldSyncException.class, () -> alice.visits().create(CASE, KIDS,
        Fixtures.visit(KIDS, "After the wipe.")), "a wiped FieldSync is closed");
    alice.close();
    RawClient.Response login = raw.send("POST", "api/v1/auth/login", null,
        "{\"username\":\"fw.alice\",\"password\":\"demo-password-1\",\"deviceId\":\""
            + deviceId + "\"}");
    assertEquals(403, login.status());
    String audit = server.store().read(tx -> tx.audit().entries(0, 1000).toString());
    assertTrue(audit.contains("device.revoke") && audit.contains("device.quarantine"));
  }

  /**
   * Found by the simulation (seeds 1660 and 5330 of the 10,000): a visit the server refused
   * waits on the tablet for the worker to fix; revoked before that, the tablet handed over only
   * its outbox, and the wipe destroyed the refused visit, the worker's only record of it.
   */
  @Test
  void aRevokedTabletHandsOverWhatTheServerRefusedTooThenWipes() throws Exception {
    Path dir = tmp.resolve("r");
    FieldSync alice = Fixtures.device(server.baseUrl(), dir, "fw.alice");
    String deviceId = alice.deviceId();
    List<String> stale = List.of("child-0003"); // another family's child: refused
    String refused = alice.visits().create(CASE, stale, Fixtures.visit(stale,
        "Seen at home; the tablet's list of children was out of date.")).id();
    assertEquals(1, alice.syncNow().rejected());
    alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Not yet pushed."));
    assertEquals(200, raw.send("POST", "api/v1/admin/devices/" + deviceId + "/revoke",
        raw.token("admin.gus"), "{\"quarantine\":true}").status());

    FieldSyncException wiped = assertThrows(FieldSyncException.class, alice::syncNow);
    assertEquals(SdkErrorCodes.DEVICE_WIPED, wiped.code());
    alice.close();
    assertFalse(Files.exists(dir), "data and keys are gone from the tablet");
    assertEquals(2, (int) server.store().<Integer>read(
        tx -> tx.devices().quarantined(deviceId)),
        "the refused visit and the unpushed one both reached the quarantine");
    try (var db = server.jdbc(); var q = db.prepareStatement(
        "SELECT COUNT(*) FROM quarantine WHERE device_id = ? AND record_id = ?")) {
      q.setString(1, deviceId);
      q.setString(2, refused);
      try (var rs = q.executeQuery()) {
        rs.next();
        assertEquals(1, rs.getInt(1), "the refused visit is among them");
      }
    }
  }

  @Test
  void aRevokedTabletWhoseHandOverIsLostKeepsItsWorkAndHandsItOverNextTime() throws Exception {
    Path dir = tmp.resolve("h");
    AtomicBoolean dropHandOver = new AtomicBoolean(true);
    Transport wire = new JdkTransport(Duration.ofSeconds(2), Duration.ofSeconds(10));
    Transport lossy = new Transport() {
      @Override
      public Response send(Request request) throws IOException {
        if (request.uri().getPath().endsWith("/quarantine") && dropHandOver.get()) {
          throw new IOException("the hand-over never reached the server");
        }
        return wire.send(request);
      }

      @Override
      public PokeSocket openPokes(URI uri, String token, PokeListener l) throws IOException {
        return wire.openPokes(uri, token, l);
      }

      @Override
      public void close() {
        wire.close();
      }
    };
    FieldSync alice = Fixtures.builder(server.baseUrl(), dir, "fw.alice").transport(lossy)
        .build();
    alice.enrol(Fixtures.enrolmentCode(server.baseUrl(), "fw.alice"), "Alice's tablet");
    String deviceId = alice.deviceId();
    alice.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Written on the bus, unpushed."));
    assertEquals(200, raw.send("POST", "api/v1/admin/devices/" + deviceId + "/revoke",
        raw.token("admin.gus"), "{\"quarantine\":true}").status());

    FieldSyncException kept = assertThrows(FieldSyncException.class, alice::syncNow);
    assertEquals(SdkErrorCodes.DEVICE_REVOKED, kept.code(), "not wiped: nothing was handed over");
    assertTrue(Files.exists(dir), "the unpushed work is still on the tablet");
    assertEquals(0, (int) server.store().<Integer>read(tx -> tx.devices().quarantined(deviceId)));

    dropHandOver.set(false);
    FieldSyncException wiped = assertThrows(FieldSyncException.class, alice::syncNow);
    assertEquals(SdkErrorCodes.DEVICE_WIPED, wiped.code());
    assertEquals(1, (int) server.store().<Integer>read(tx -> tx.devices().quarantined(deviceId)),
        "handed over at the next contact, then wiped");
    assertFalse(Files.exists(dir));
    alice.close();
  }

  @Test
  void aTabletRevokedWithoutQuarantineWipesOnItsNextBackgroundSync() {
    Path dir = tmp.resolve("b");
    FieldSync bea = Fixtures.device(server.baseUrl(), dir, "fw.bea");
    List<SyncStatus.Phase> phases = new CopyOnWriteArrayList<>();
    bea.addStatusListener(s -> phases.add(s.phase()));
    bea.syncNow();
    assertEquals(200, raw.send("POST", "api/v1/admin/devices/" + bea.deviceId() + "/revoke",
        raw.token("admin.gus"), "{\"quarantine\":false}").status());
    bea.startSync();
    bea.visits().create(CASE, KIDS, Fixtures.visit(KIDS, "Written after revocation."));
    Fixtures.await("the wipe", Duration.ofSeconds(20), () -> !Files.exists(dir));
    Fixtures.await("listeners told", Duration.ofSeconds(5),
        () -> phases.contains(SyncStatus.Phase.WIPED));
    assertEquals(0, (int) server.store().<Integer>read(tx -> tx.devices()
        .quarantined(bea.deviceId())),
        "the admin closed the quarantine: nothing handed over");
    bea.close();
  }
}
