package org.fieldsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SyncResult;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.server.testing.TestClock;
import org.fieldsync.server.testing.TestDevice;

/**
 * One seeded scenario: the real server on SQLite in a temporary folder, several protocol-level
 * tablets (and, in some seeds, real SDK tablets on Couchbase Lite) recording, syncing and
 * suffering faults, a team manager and a sync admin acting on the side; the invariants checked
 * after every step and at quiescence. Everything comes from {@code seed}: the same seed replays
 * the same scenario.
 */
final class Scenario {
  static final String PASSWORD = "demo-password-1";
  /** Who the tablets belong to: the demo's workers on case-0001 (and Alice's case-0002). */
  private static final String[][] USERS = {
      {"fw.alice", "u-alice"}, {"fw.bea", "u-bea"}, {"sw.dan", "u-dan"}, {"fw.alice", "u-alice"},
      {"fw.bea", "u-bea"}, {"fw.carl", "u-carl"}};
  private static final Map<String, List<String>> CHILDREN = Map.of(
      "case-0001", List.of("child-0001", "child-0002"), "case-0002", List.of("child-0003"),
      "case-0003", List.of("child-0004", "child-0005"));
  /** Allocations the manager moves: case, user. */
  private static final String[][] MOVES = {
      {"case-0001", "u-bea"}, {"case-0002", "u-alice"}, {"case-0001", "u-dan"}};
  private static final String[] OTHERS = {"Mother (Ms Tamsin Pellow)", "Nan (Mrs Rowe)",
      "Uncle Jory", "School nurse"};

  final long seed;
  final Random r;
  final Trace trace;
  final Stats stats = new Stats();
  final Faults faults;
  final TestClock clock;
  final SimServer server;
  final List<SimDevice> devices = new ArrayList<>();
  /** Real SDK tablets on Couchbase Lite (in every {@code sim.sdkEvery}th seed). */
  final List<SdkDevice> sdk = new ArrayList<>();
  /** While set, the SDK tablets' network is perfect (enrolment, quiescence). */
  volatile boolean faultsOff;
  final Invariants check;
  private final int steps;
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final Map<String, Boolean> allocated = new LinkedHashMap<>();
  private int crashArmedAt = -1;
  private int made;
  private boolean sdkRevoked;
  /** Whether a sync since this was last cleared pushed or pulled anything. */
  private boolean moved;
  int step;

  Scenario(long seed, Vertx vertx, Path dir, int steps, boolean echo, int sdkEvery) {
    this.seed = seed;
    this.r = new Random(seed);
    this.trace = new Trace(echo);
    this.steps = steps;
    this.faults = new Faults(r, stats);
    this.clock = new TestClock(Instant.parse("2026-03-02T08:00:00Z")
        .plus(Duration.ofMinutes(r.nextInt(60 * 24 * 60))));
    SimServer.enrolled(vertx, USERS);
    this.server = new SimServer(vertx, dir, clock);
    this.check = new Invariants(this);
    allocated.put("case-0001|u-bea", true);
    allocated.put("case-0002|u-alice", true);
    allocated.put("case-0001|u-dan", true);
    List<TestDevice> enrolled = SimServer.enrolled(vertx, USERS);
    int n = 3 + r.nextInt(4);
    for (int i = 0; i < n; i++) {
      String[] u = USERS[i];
      SimDevice d = new SimDevice(u[0].substring(u[0].indexOf('.') + 1) + i,
          enrolled.get(i).deviceId(), u[1], u[0], enrolled.get(i), clock::millis);
      devices.add(d);
    }
    trace.add("scenario", "seed=" + seed + " devices=" + devices.stream().map(d -> d.name)
        .toList() + " start=" + clock.instant());
    if (sdkEvery > 0 && seed % sdkEvery == 0) {
      String[] u = r.nextBoolean() ? USERS[0] : USERS[1];
      sdk.add(new SdkDevice(this, dir.resolve("tablet-sdk"), "sdk-" + u[0].substring(3), u[0],
          u[1]));
      stats.sdkScenarios++;
      trace.add("scenario", "real SDK tablet " + sdk.get(0).name + " enrolled");
    }
  }

  /** Runs every step, then quiesces; throws {@link Invariants.Violation} on the first failure. */
  void run() {
    for (step = 1; step <= steps; step++) {
      trace.step(step);
      act();
      stats.steps++;
      check.afterStep();
    }
    step = steps + 1;
    trace.step(step);
    quiesce();
    check.atQuiescence();
    stats.scenarios++;
  }

  private void act() {
    if (!sdk.isEmpty() && r.nextInt(100) < 30) {
      SdkDevice t = sdk.get(0);
      if (t.wiped) {
        return;
      }
      if (r.nextBoolean()) {
        t.edit();
      } else {
        t.sync();
      }
      return;
    }
    int roll = r.nextInt(100);
    SimDevice d = devices.get(r.nextInt(devices.size()));
    if (d.wiped) {
      return;
    }
    if (d.offline && step >= d.offlineUntilStep) {
      d.offline = false;
      trace.add(d.name, "back online");
    }
    if (roll < 32) {
      edit(d);
    } else if (roll < 66) {
      if (!d.offline) {
        sync(d, true);
      }
    } else if (roll < 70) {
      faults.count("offline-days");
      d.offline = true;
      d.offlineUntilStep = step + 2 + r.nextInt(6);
      Duration away = Duration.ofHours(24 + r.nextInt(24 * 4));
      clock.advance(away);
      trace.add(d.name, "FAULT offline until step " + d.offlineUntilStep + "; " + away.toHours()
          + "h pass");
    } else if (roll < 75) {
      Duration pass = Duration.ofMinutes(5 + r.nextInt(90));
      clock.advance(pass);
      trace.add("clock", pass.toMinutes() + " min pass");
    } else if (roll < 78) {
      faults.count("server-crash-armed");
      crashArmedAt = 1 + r.nextInt(14);
      trace.add("server", "FAULT crash armed inside the next push, at repository use "
          + crashArmedAt);
    } else if (roll < 82) {
      moveAllocation();
    } else if (roll < 86) {
      restriction();
    } else if (roll < 88) {
      revoke();
    } else if (roll < 94) {
      resolve();
    } else if (roll < 97) {
      if (!d.offline) {
        replay(d);
      }
    } else {
      faults.count("clock-skew");
      long skew = r.nextBoolean() ? r.nextInt(50 * 60_000) : -r.nextInt(3 * 3_600_000);
      d.skew = skew;
      trace.add(d.name, "FAULT clock skew " + skew / 60_000 + " min");
    }
  }

  // ---- the workers' edits ----

  private void edit(SimDevice d) {
    List<SimDevice.Local> mine = new ArrayList<>();
    for (SimDevice.Local l : d.records.values()) {
      if (l.type == RecordType.VISIT || l.type == RecordType.CHILD_VOICE_OBSERVATION) {
        mine.add(l);
      }
    }
    if (mine.isEmpty() || r.nextInt(4) == 0) {
      create(d);
      return;
    }
    SimDevice.Local l = mine.get(r.nextInt(mine.size()));
    if (l.body == null) {
      return;
    }
    String body;
    String what;
    if (l.type == RecordType.VISIT) {
      int k = r.nextInt(3);
      if (k == 0) {
        int[] mins = {30, 45, 60, 90};
        int m = mins[r.nextInt(mins.length)];
        body = SimDevice.set(l.body, "durationMinutes", IntNode.valueOf(m));
        what = "duration=" + m;
      } else if (k == 1) {
        String text = "Seen by " + d.name + " (" + (++made) + ").";
        body = SimDevice.append(l.body, "notes", text);
        what = "notes+='" + text + "'";
      } else {
        String who = OTHERS[r.nextInt(OTHERS.length)];
        body = SimDevice.add(l.body, "othersPresent", TextNode.valueOf(who));
        what = "othersPresent+=" + who;
      }
    } else {
      JsonNode b = ProtocolCodec.readTree(l.body);
      boolean submitted = "submitted".equals(b.path("status").asText());
      int k = r.nextInt(10);
      if (!submitted && k < 4) {
        body = SimDevice.set(l.body, "status", TextNode.valueOf("submitted"));
        what = "submit";
      } else if (submitted && k < 2) {
        // A worker (or a buggy client) rewriting the child's words after submission: the
        // server must refuse it; the words change only by addendum.
        body = SimDevice.set(l.body, "childWords", TextNode.valueOf("Changed words " + step));
        what = "childWords rewritten after submit";
      } else if (submitted) {
        ObjectNode a = JsonNodeFactory.instance.objectNode();
        a.put("text", "Addendum " + (++made) + " by " + d.name);
        a.put("authorId", d.userId);
        a.put("at", Instant.ofEpochMilli(clock.millis()).toString());
        body = SimDevice.add(l.body, "addenda", a);
        what = "addendum";
      } else {
        String text = "Observed by " + d.name + " (" + (++made) + ").";
        body = SimDevice.append(l.body, "workerObservation", text);
        what = "workerObservation+='" + text + "'";
      }
    }
    if (body.equals(l.body)) {
      return;
    }
    d.save(l, body);
    trace.add(d.name, "edit " + Trace.shortId(l.id) + " " + what + " -> "
        + Trace.shortRev(l.rev) + " on " + Trace.shortRev(l.serverRev));
  }

  private void create(SimDevice d) {
    List<String> cases = casesOf(d.userId);
    String caseId = cases.get(r.nextInt(cases.size()));
    List<String> kids = CHILDREN.get(caseId);
    String id = SimIds.uuidV7(clock.millis(), r);
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
    SimDevice.Local l;
    if (r.nextInt(4) == 0) {
      String child = kids.get(r.nextInt(kids.size()));
      ChildVoiceObservation c = new ChildVoiceObservation(child, day,
          "I like it when Nan picks me up from school.", "Smiled when talking about Nan.",
          ChildVoiceObservation.Method.CONVERSATION, false, null, null, false,
          ChildVoiceObservation.Status.DRAFT, List.of(), List.of());
      l = d.create(id, RecordType.CHILD_VOICE_OBSERVATION, caseId, List.of(child),
          ProtocolCodec.encodeBody(c));
    } else {
      Visit v = new Visit(day, LocalTime.of(10, 30), 45, Visit.Mode.HOME_VISIT, Visit.Kind.CIN,
          true, kids.stream().map(c -> new Visit.ChildSeen(c, true, true)).toList(),
          List.of(OTHERS[0]), "Warm and tidy.", "Routines improving.", "Chase school nurse.",
          "Visit by " + d.name + ".", day.plusDays(14));
      l = d.create(id, RecordType.VISIT, caseId, kids, ProtocolCodec.encodeBody(v));
    }
    trace.add(d.name, "create " + l.type.wireName() + " " + Trace.shortId(id) + " in " + caseId
        + " -> " + Trace.shortRev(l.rev));
  }

  private static List<String> casesOf(String userId) {
    return switch (userId) {
      case "u-alice" -> List.of("case-0001", "case-0002");
      case "u-carl" -> List.of("case-0003");
      default -> List.of("case-0001");
    };
  }

  // ---- sync over a faulty network ----

  /** Push then pull, with faults if {@code faulty}; false if the device could not finish. */
  boolean sync(SimDevice d, boolean faulty) {
    if (!d.outbox.isEmpty()) {
      String body = d.pushBody(100);
      if (faulty && faults.roll("request-dropped-before-server", 6)) {
        trace.add(d.name, "FAULT push dropped before the server");
        return false;
      }
      boolean crash = crashArmedAt > 0;
      Net.Resp resp = call(d, "POST", "/api/v1/sync/push", body, crash ? crashArmedAt : -1);
      if (crash) {
        crashArmedAt = -1;
        server.faults().disarm();
      }
      if (crash && server.faults().crashed()) {
        faults.count("server-crash-in-push");
        trace.add("server", "FAULT crashed inside " + d.name + "'s push (answer "
            + (resp == null ? "none" : resp.status()) + "); restart on the same folder");
        server.restart();
        check.afterRestart();
        return false;
      }
      if (resp == null) {
        return false;
      }
      if (faulty && faults.roll("response-lost", 7)) {
        trace.add(d.name, "FAULT push handled, response lost");
        return false;
      }
      if (faulty && faults.roll("request-duplicated", 5)) {
        trace.add(d.name, "FAULT push delivered twice");
        resp = call(d, "POST", "/api/v1/sync/push", body);
        if (resp == null) {
          return false;
        }
      }
      if (faulty && faults.roll("delivery-delayed", 5)) {
        d.delayed.add(body);
        trace.add(d.name, "FAULT a copy of this push is delayed in the network");
      }
      if (resp.status() != 200) {
        trace.add(d.name, "push -> " + resp.status() + " " + resp.body());
        return false;
      }
      moved = true;
      List<Revision> acked = new ArrayList<>();
      String line = d.applyPush(body, resp.body(), acked);
      check.acknowledged(d, acked);
      trace.add(d.name, "push" + line);
    }
    if (faulty && faults.roll("token-expired-mid-sync", 4)) {
      clock.advance(Duration.ofSeconds(SimServer.TOKEN_SECONDS + 1));
      trace.add(d.name, "FAULT token expires between push and pull");
    }
    for (int page = 0; page < 50; page++) {
      if (faulty && faults.roll("pull-request-dropped", 3)) {
        trace.add(d.name, "FAULT pull dropped before the server");
        return false;
      }
      String q = "/api/v1/sync/changes?limit=40&deviceId=" + d.deviceId
          + (d.checkpoint == null ? "" : "&since=" + d.checkpoint);
      Net.Resp resp = call(d, "GET", q, null);
      if (resp == null) {
        return false;
      }
      if (faulty && faults.roll("pull-response-lost", 3)) {
        trace.add(d.name, "FAULT pull response lost");
        return false;
      }
      if (resp.status() != 200) {
        trace.add(d.name, "pull -> " + resp.status() + " " + resp.body());
        return false;
      }
      ChangesPage p = ProtocolCodec.decode(resp.body(), ChangesPage.class);
      String line = d.applyPage(p, check::received);
      if (!p.changes().isEmpty()) {
        moved = true;
        trace.add(d.name, "pull" + line);
      }
      if (!p.hasMore()) {
        return true;
      }
    }
    return true;
  }

  /** A delayed copy of an earlier push arrives now (reordered delivery); its answer is lost. */
  private void replay(SimDevice d) {
    if (d.delayed.isEmpty()) {
      return;
    }
    String body = d.delayed.remove(0);
    faults.count("delivery-reordered");
    Net.Resp resp = call(d, "POST", "/api/v1/sync/push", body);
    trace.add(d.name, "FAULT delayed push delivered late -> "
        + (resp == null ? "no answer" : resp.status()));
  }

  /**
   * A device's request with its token; signs in again when the token has run out. A revoked
   * device hands its unpushed work over to quarantine and wipes itself; null then.
   */
  Net.Resp call(SimDevice d, String method, String path, String body) {
    return call(d, method, path, body, -1);
  }

  /** As above; with {@code crashAt > 0} the store crashes inside this request's transaction. */
  Net.Resp call(SimDevice d, String method, String path, String body, int crashAt) {
    if (d.wiped) {
      return null;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      if (d.token == null) {
        Net.Resp login = Net.send(server.port(), "POST", "/api/v1/auth/login", null,
            ProtocolCodec.encodeToString(Map.of("username", d.username, "password", PASSWORD,
                "deviceId", d.deviceId)));
        if (login.is(403, "device.revoked")) {
          handOver(d);
          return null;
        }
        if (!login.ok()) {
          trace.add(d.name, "login -> " + login.status() + " " + login.body());
          return null;
        }
        d.token = ProtocolCodec.readTree(login.body()).get("token").asText();
      }
      if (crashAt > 0) {
        server.faults().arm(crashAt);
      }
      Net.Resp resp = Net.send(server.port(), method, path, d.token, body);
      server.faults().disarm();
      if (resp.is(401, "auth.token.invalid")) {
        faults.count("token-refused-signed-in-again");
        trace.add(d.name, "token refused (expired); signs in again");
        d.token = null;
        continue;
      }
      if (resp.is(403, "device.revoked")) {
        handOver(d);
        return null;
      }
      return resp;
    }
    return null;
  }

  private void handOver(SimDevice d) {
    // Its unpushed revisions, and those the server refused (the worker's text of a record that
    // needs attention): neither is on the server, and the wipe would destroy both.
    List<Revision> revs = new ArrayList<>(d.outbox.values());
    d.refused.forEach((id, rev) -> {
      if (!d.outbox.containsKey(id)) {
        revs.add(rev);
      }
    });
    if (!revs.isEmpty()) {
      Net.Resp q = Net.send(server.port(), "POST", "/api/v1/devices/" + d.deviceId
          + "/quarantine", null, d.keys.pushBody(revs));
      trace.add(d.name, "revoked: hands over " + revs.size() + " unpushed revision(s) -> "
          + q.status());
      if (q.ok()) {
        d.handedOver.addAll(revs);
      }
    } else {
      trace.add(d.name, "revoked: nothing unpushed to hand over");
    }
    d.wiped = true;
    d.revoked = true;
  }

  // ---- the office: manager and sync admin ----

  String token(String username) {
    String t = tokens.get(username);
    if (t == null) {
      Net.Resp login = Net.send(server.port(), "POST", "/api/v1/auth/login", null,
          ProtocolCodec.encodeToString(Map.of("username", username, "password", PASSWORD)));
      if (!login.ok()) {
        throw new IllegalStateException(username + " cannot sign in: " + login.body());
      }
      t = ProtocolCodec.readTree(login.body()).get("token").asText();
      tokens.put(username, t);
    }
    return t;
  }

  /** An office request, signing in again if the token ran out. */
  Net.Resp office(String username, String method, String path, String body) {
    Net.Resp resp = Net.send(server.port(), method, path, token(username), body);
    if (resp.is(401, "auth.token.invalid")) {
      tokens.remove(username);
      resp = Net.send(server.port(), method, path, token(username), body);
    }
    return resp;
  }

  private void moveAllocation() {
    String[] m = MOVES[r.nextInt(MOVES.length)];
    String key = m[0] + "|" + m[1];
    boolean now = allocated.get(key);
    Net.Resp resp = office("admin.gus", now ? "DELETE" : "PUT",
        "/api/v1/admin/cases/" + m[0] + "/allocations/" + m[1], null);
    if (resp.ok()) {
      allocated.put(key, !now);
      faults.count(now ? "deallocation" : "reallocation");
    }
    trace.add("admin", (now ? "deallocates " : "allocates ") + m[1] + " on " + m[0] + " -> "
        + resp.status());
  }

  private void restriction() {
    List<String[]> recs = check.serverRecords("case-0001");
    if (recs.isEmpty()) {
      return;
    }
    String[] rec = recs.get(r.nextInt(recs.size()));
    String id = rec[0];
    boolean restricted = "1".equals(rec[1]);
    Net.Resp resp;
    if (restricted) {
      resp = office("tm.erin", "DELETE", "/api/v1/records/" + id + "/restriction", null);
    } else {
      resp = office("tm.erin", "PUT", "/api/v1/records/" + id + "/restriction",
          "{\"category\":\"domestic_abuse\",\"users\":[\"u-alice\"]}");
      faults.count("restriction");
    }
    trace.add("manager", (restricted ? "lifts restriction of " : "restricts to Alice ")
        + Trace.shortId(id) + " -> " + resp.status());
  }

  private void revoke() {
    if (!sdk.isEmpty() && !sdk.get(0).wiped && !sdkRevoked && r.nextInt(3) == 0) {
      SdkDevice t = sdk.get(0);
      sdkRevoked = true;
      Net.Resp resp = office("admin.gus", "POST", "/api/v1/admin/devices/" + t.fs.deviceId()
          + "/revoke", "{\"quarantine\":true}");
      faults.count("revoke-sdk-with-quarantine");
      trace.add("admin", "revokes " + t.name + " (quarantine allowed) -> " + resp.status());
      return;
    }
    long active = devices.stream().filter(x -> !x.revoked).count();
    if (active < 3) {
      return;
    }
    SimDevice d = devices.get(r.nextInt(devices.size()));
    if (d.revoked) {
      return;
    }
    Net.Resp resp = office("admin.gus", "POST", "/api/v1/admin/devices/" + d.deviceId
        + "/revoke", "{\"quarantine\":true}");
    faults.count("revoke-with-quarantine");
    d.revoked = true;
    trace.add("admin", "revokes " + d.name + " (quarantine allowed; " + d.outbox.size()
        + " unpushed) -> " + resp.status());
  }

  private void resolve() {
    Net.Resp list = office("admin.gus", "GET", "/api/v1/admin/conflicts?status=open", null);
    if (!list.ok()) {
      return;
    }
    JsonNode open = ProtocolCodec.readTree(list.body()).path("conflicts");
    if (open.size() == 0) {
      return;
    }
    String cid = open.get(r.nextInt(open.size())).path("id").asText();
    Net.Resp detail = office("admin.gus", "GET", "/api/v1/admin/conflicts/" + cid, null);
    if (!detail.ok()) {
      return;
    }
    JsonNode c = ProtocolCodec.readTree(detail.body());
    JsonNode sides = c.path("sides");
    ObjectNode choices = JsonNodeFactory.instance.objectNode();
    for (JsonNode f : c.path("fields")) {
      if (f.path("conflicting").asBoolean(false)) {
        choices.putObject(f.path("name").asText()).put("side",
            sides.get(r.nextInt(sides.size())).path("rev").asText());
      }
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("reason", "Checked with both workers (simulation step " + step + ").");
    body.set("choices", choices);
    Net.Resp resp = office("admin.gus", "POST", "/api/v1/admin/conflicts/" + cid + "/resolve",
        body.toString());
    faults.count("admin-resolves-conflict");
    trace.add("admin", "resolves conflict on " + Trace.shortId(c.path("recordId").asText())
        + " " + choices + " -> " + resp.status() + (resp.ok() ? "" : " " + resp.body()));
  }

  /** Closes the SDK tablets and the server. */
  void close() {
    sdk.forEach(SdkDevice::close);
    server.close();
  }

  // ---- quiescence ----

  /** Faults heal; every device that may sync does until it is idle and has pulled everything. */
  private void quiesce() {
    trace.add("scenario", "quiescence: faults heal, every device syncs until idle");
    crashArmedAt = -1;
    for (SimDevice d : devices) {
      d.offline = false;
    }
    // Until a whole round moves nothing (each device pushed nothing and pulled nothing new).
    faultsOff = true;
    for (int round = 0; round < 6; round++) {
      moved = false;
      for (SimDevice d : devices) {
        if (!d.wiped) {
          sync(d, false);
        }
      }
      for (SdkDevice t : sdk) {
        if (!t.wiped) {
          try {
            SyncResult res = t.fs.syncNow();
            moved |= res.pushed() > 0 || res.pulled() > 0;
            trace.add(t.name, "sdk sync pushed=" + res.pushed() + " pulled=" + res.pulled());
          } catch (FieldSyncException e) {
            trace.add(t.name, "sdk sync failed: " + e.code());
            t.wiped |= "device.wiped".equals(e.code());
            // Revoked, its hand-over not answered yet: another round hands it over.
            moved |= "device.revoked".equals(e.code());
          }
        }
      }
      if (!moved) {
        break;
      }
    }
  }
}
