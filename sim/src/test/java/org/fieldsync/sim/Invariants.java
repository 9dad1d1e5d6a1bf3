package org.fieldsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.SyncState;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.merge.FieldRule;
import org.fieldsync.protocol.merge.FieldSpec;
import org.fieldsync.protocol.merge.Merge;
import org.fieldsync.protocol.merge.MergeResult;
import org.fieldsync.protocol.merge.MergeRules;
import org.fieldsync.protocol.merge.MergeSide;

/**
 * The invariants, read straight from the store's file and from the devices' state. Each check
 * counts; the first violation throws with the records and devices it concerns, which select the
 * minimal trace.
 */
final class Invariants {
  /** An invariant failed. */
  static final class Violation extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String invariant;
    final List<String> keys;

    Violation(String invariant, String message, List<String> keys) {
      super(invariant + ": " + message, null, false, false);
      this.invariant = invariant;
      this.keys = keys;
    }
  }

  private final Scenario s;
  /** Every revision the server acknowledged to a device: record id / rev, to who and when. */
  private final Map<String, String> acked = new LinkedHashMap<>();

  Invariants(Scenario s) {
    this.s = s;
  }

  private Connection db() {
    try {
      return s.server.jdbc();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void fail(String invariant, String message, String... keys) {
    s.stats.failures++;
    throw new Violation(invariant, message, List.of(keys));
  }

  void acknowledged(SimDevice d, List<Revision> revs) {
    for (Revision r : revs) {
      acked.putIfAbsent(r.id() + "/" + r.rev(), d.name + " at step " + s.step);
    }
  }

  /** Nothing outside a device's scope ever reaches it. */
  void received(SimDevice d, Revision r) {
    s.stats.checks++;
    try {
      if (!allocated(r.caseId(), d.userId)) {
        fail("scope", d.name + " received " + Trace.shortId(r.id()) + " of " + r.caseId()
            + ", which is not allocated to " + d.userId, Trace.shortId(r.id()), d.name);
      }
      Set<String> only = restrictedTo(r.id());
      if (only != null && !only.contains(d.userId)) {
        fail("scope", d.name + " received " + Trace.shortId(r.id())
            + ", restricted away from " + d.userId, Trace.shortId(r.id()), d.name);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean allocated(String caseId, String userId) throws SQLException {
    try (PreparedStatement p = db().prepareStatement(
        "SELECT active FROM allocations WHERE case_id = ? AND user_id = ?")) {
      p.setString(1, caseId);
      p.setString(2, userId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() && rs.getInt(1) == 1;
      }
    }
  }

  /** The users a record is restricted to, or null when it is not restricted. */
  private Set<String> restrictedTo(String recordId) throws SQLException {
    try (PreparedStatement p = db().prepareStatement(
        "SELECT 1 FROM record_restrictions WHERE record_id = ?")) {
      p.setString(1, recordId);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
      }
    }
    Set<String> users = new HashSet<>();
    try (PreparedStatement p = db().prepareStatement(
        "SELECT user_id FROM record_restriction_users WHERE record_id = ?")) {
      p.setString(1, recordId);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          users.add(rs.getString(1));
        }
      }
    }
    return users;
  }

  /** The server's records of a case, oldest change first: id, and "1" when restricted. */
  List<String[]> serverRecords(String caseId) {
    List<String[]> out = new ArrayList<>();
    try (PreparedStatement p = db().prepareStatement(
        "SELECT r.record_id, (SELECT COUNT(*) FROM record_restrictions x"
            + " WHERE x.record_id = r.record_id) FROM records r WHERE r.case_id = ?"
            + " ORDER BY r.seq")) {
      p.setString(1, caseId);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(new String[] {rs.getString(1), rs.getInt(2) > 0 ? "1" : "0"});
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** After every step: nothing acknowledged lost, nothing stored twice, sealed fields sealed. */
  void afterStep() {
    try {
      acknowledgedKept();
      storedOnce();
      sealedOnlyByAddendum();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void afterRestart() {
    afterStep();
  }

  private void acknowledgedKept() throws SQLException {
    Set<String> stored = new HashSet<>();
    try (PreparedStatement p = db().prepareStatement("SELECT record_id, rev FROM revisions");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        stored.add(rs.getString(1) + "/" + rs.getString(2));
      }
    }
    for (Map.Entry<String, String> e : acked.entrySet()) {
      s.stats.checks++;
      if (!stored.contains(e.getKey())) {
        String id = e.getKey().substring(0, e.getKey().indexOf('/'));
        fail("acknowledged-kept", "revision " + e.getKey() + " acknowledged to "
            + e.getValue() + " is not stored", Trace.shortId(id));
      }
    }
  }

  private void storedOnce() throws SQLException {
    s.stats.checks++;
    try (PreparedStatement p = db().prepareStatement(
        "SELECT seq, COUNT(*) FROM revisions GROUP BY seq HAVING COUNT(*) > 1");
        ResultSet rs = p.executeQuery()) {
      if (rs.next()) {
        fail("stored-once", "server sequence " + rs.getLong(1) + " holds " + rs.getInt(2)
            + " revisions");
      }
    }
    s.stats.checks++;
    try (PreparedStatement p = db().prepareStatement(
        "SELECT record_id, body, COUNT(*) FROM revisions WHERE device_id <> 'server'"
            + " GROUP BY record_id, parent_rev, body, deleted HAVING COUNT(*) > 1");
        ResultSet rs = p.executeQuery()) {
      if (rs.next()) {
        fail("stored-once", "record " + rs.getString(1) + " holds one edit "
            + rs.getInt(3) + " times", Trace.shortId(rs.getString(1)));
      }
    }
  }

  /** Once a record is sealed, every revision descending from a sealed one keeps its fields. */
  private void sealedOnlyByAddendum() throws SQLException {
    Map<String, Map<String, String[]>> byRecord = new HashMap<>();
    try (PreparedStatement p = db().prepareStatement(
        "SELECT record_id, rev, parent_rev, body, other_parents, type FROM revisions"
            + " WHERE type = 'child_voice_observation'");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        byRecord.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2),
            new String[] {rs.getString(3), rs.getString(4), rs.getString(5)});
      }
    }
    for (Map.Entry<String, Map<String, String[]>> rec : byRecord.entrySet()) {
      for (Map.Entry<String, String[]> rev : rec.getValue().entrySet()) {
        String[] v = rev.getValue();
        List<String> parents = new ArrayList<>();
        if (v[0] != null) {
          parents.add(v[0]);
        }
        if (v[2] != null) {
          for (JsonNode n : ProtocolCodec.readTree(v[2])) {
            parents.add(n.asText());
          }
        }
        for (String parent : parents) {
          String[] pv = rec.getValue().get(parent);
          if (pv == null || !MergeRules.sealed(RecordType.CHILD_VOICE_OBSERVATION, pv[1])) {
            continue;
          }
          s.stats.checks++;
          JsonNode before = ProtocolCodec.readTree(pv[1]);
          JsonNode after = ProtocolCodec.readTree(v[1]);
          for (FieldSpec f : MergeRules.fields(RecordType.CHILD_VOICE_OBSERVATION).values()) {
            if (f.rule() == FieldRule.SEALED
                && !MergeRules.same(before.get(f.name()), after.get(f.name()))) {
              fail("sealed", "revision " + rev.getKey() + " of " + rec.getKey() + " changes"
                  + " sealed field " + f.name() + " of its sealed parent " + parent,
                  Trace.shortId(rec.getKey()));
            }
          }
        }
      }
    }
  }

  /** At quiescence: every invariant, including convergence and the audit chain. */
  void atQuiescence() {
    afterStep();
    try {
      converged();
      createdKept();
      sdkConvergedAndKept();
      mergeOrderIndependent();
      additionsKept();
      conflictsReachTheAdmin();
      noDeviceConflictsWithItself();
      auditVerifies();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void converged() throws SQLException {
    Map<String, String[]> current = new HashMap<>();
    try (PreparedStatement p = db().prepareStatement(
        "SELECT r.record_id, r.current_rev, r.status, v.body, r.case_id FROM records r"
            + " JOIN revisions v ON v.record_id = r.record_id AND v.rev = r.current_rev");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        current.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5)});
      }
    }
    for (SimDevice d : s.devices) {
      if (d.wiped) {
        continue;
      }
      s.stats.checks++;
      if (!d.outbox.isEmpty()) {
        fail("converges", d.name + " still has " + d.outbox.size() + " unpushed revision(s)"
            + " after quiescence", d.name);
      }
      for (Map.Entry<String, String[]> e : current.entrySet()) {
        String id = e.getKey();
        String[] c = e.getValue();
        boolean visible = allocated(c[3], d.userId) && allowed(id, d.userId);
        SimDevice.Local l = d.records.get(id);
        s.stats.checks++;
        if (!visible) {
          if (l != null && l.state != SimDevice.State.ATTENTION) {
            fail("scope", d.name + " still holds " + Trace.shortId(id) + " out of its scope",
                Trace.shortId(id), d.name);
          }
          continue;
        }
        if (l == null) {
          fail("converges", d.name + " lacks " + Trace.shortId(id) + " (server "
              + Trace.shortRev(c[0]) + ")", Trace.shortId(id), d.name);
        }
        if (l.state == SimDevice.State.ATTENTION) {
          continue;
        }
        if (l.state == SimDevice.State.REVIEW) {
          if (!"conflicted".equals(c[1])) {
            fail("converges", d.name + " shows " + Trace.shortId(id) + " under review, but the"
                + " server's record is " + c[1], Trace.shortId(id), d.name);
          }
          continue;
        }
        if (!c[0].equals(l.rev) || !c[2].equals(l.body)) {
          fail("converges", d.name + " holds " + Trace.shortId(id) + " at "
              + Trace.shortRev(l.rev) + " but the server's current is " + Trace.shortRev(c[0])
              + (c[0].equals(l.rev) ? " (same rev, other body)" : ""), Trace.shortId(id),
              d.name);
        }
      }
    }
  }

  /** The same for the real SDK tablets, read through the SDK's own API. */
  private void sdkConvergedAndKept() throws SQLException {
    for (SdkDevice t : s.sdk) {
      Map<String, LocalRecord<?>> local = new HashMap<>();
      if (!t.wiped) {
        t.fs.visits().all().forEach(l -> local.put(l.id(), l));
        t.fs.childVoice().all().forEach(l -> local.put(l.id(), l));
        try (PreparedStatement p = db().prepareStatement(
            "SELECT r.record_id, r.current_rev, r.status, r.case_id FROM records r"
                + " WHERE r.type IN ('visit', 'child_voice_observation')");
            ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            String id = rs.getString(1);
            boolean visible = allocated(rs.getString(4), t.userId) && allowed(id, t.userId);
            var l = local.get(id);
            s.stats.checks++;
            if (!visible) {
              if (l != null && l.state() == SyncState.SYNCED) {
                fail("scope", t.name + " still holds " + Trace.shortId(id) + " out of scope",
                    Trace.shortId(id), t.name);
              }
              continue;
            }
            if (l == null) {
              fail("converges", t.name + " lacks " + Trace.shortId(id), Trace.shortId(id),
                  t.name);
            }
            if (l.state() == SyncState.SYNCED
                && !rs.getString(2).equals(l.rev())) {
              fail("converges", t.name + " holds " + Trace.shortId(id) + " at "
                  + Trace.shortRev(l.rev()) + ", the server's current is "
                  + Trace.shortRev(rs.getString(2)), Trace.shortId(id), t.name);
            }
            if (l.state() == SyncState.PENDING) {
              fail("converges", t.name + " still has " + Trace.shortId(id) + " pending after"
                  + " quiescence", Trace.shortId(id), t.name);
            }
          }
        }
      }
      for (String id : t.created) {
        s.stats.checks++;
        boolean onServer;
        try (PreparedStatement p = db().prepareStatement(
            "SELECT 1 FROM records WHERE record_id = ?")) {
          p.setString(1, id);
          try (ResultSet rs = p.executeQuery()) {
            onServer = rs.next();
          }
        }
        var l = local.get(id);
        boolean attention = l != null
            && l.state() == SyncState.NEEDS_ATTENTION;
        boolean quarantined = t.wiped && inQuarantine(t.fs.deviceId(), id);
        if (!onServer && !attention && !quarantined) {
          fail("created-kept", t.name + " (SDK) created " + Trace.shortId(id) + ", which is"
              + " neither on the server, nor needs attention on the tablet, nor in quarantine"
              + (t.wiped ? " (the tablet was revoked and wiped)" : ""), Trace.shortId(id),
              t.name);
        }
      }
    }
  }

  private boolean allowed(String recordId, String userId) throws SQLException {
    Set<String> only = restrictedTo(recordId);
    return only == null || only.contains(userId);
  }

  /** Every record a device created is on the server, needs attention there, or was handed over. */
  private void createdKept() throws SQLException {
    for (SimDevice d : s.devices) {
      Set<String> handed = new HashSet<>();
      d.handedOver.forEach(r -> handed.add(r.id()));
      for (String id : d.created) {
        s.stats.checks++;
        boolean onServer;
        try (PreparedStatement p = db().prepareStatement(
            "SELECT 1 FROM records WHERE record_id = ?")) {
          p.setString(1, id);
          try (ResultSet rs = p.executeQuery()) {
            onServer = rs.next();
          }
        }
        if (onServer) {
          continue;
        }
        SimDevice.Local l = d.records.get(id);
        boolean attention = !d.wiped && l != null && l.state == SimDevice.State.ATTENTION;
        boolean quarantined = d.wiped && handed.contains(id) && inQuarantine(d.deviceId, id);
        if (!attention && !quarantined) {
          fail("created-kept", d.name + " created " + Trace.shortId(id) + ", which is neither"
              + " on the server, nor needs attention on the device, nor in quarantine"
              + (d.wiped ? " (the device was revoked and wiped)" : ""), Trace.shortId(id),
              d.name);
        }
      }
    }
  }

  private boolean inQuarantine(String deviceId, String recordId) throws SQLException {
    try (PreparedStatement p = db().prepareStatement(
        "SELECT 1 FROM quarantine WHERE device_id = ? AND record_id = ?")) {
      p.setString(1, deviceId);
      p.setString(2, recordId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  /** The merge of every conflict's sides comes out the same in any order of the sides. */
  private void mergeOrderIndependent() throws SQLException {
    List<String[]> conflicts = new ArrayList<>();
    try (PreparedStatement p = db().prepareStatement(
        "SELECT c.id, c.record_id, c.base_rev FROM conflicts c ORDER BY c.opened_seq");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        conflicts.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    Random shuffle = new Random(s.seed);
    for (String[] c : conflicts) {
      List<MergeSide> sides = new ArrayList<>();
      try (PreparedStatement p = db().prepareStatement(
          "SELECT cs.rev FROM conflict_sides cs WHERE cs.conflict_id = ? ORDER BY cs.rev")) {
        p.setString(1, c[0]);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            MergeSide side = side(c[1], rs.getString(1));
            if (side != null) {
              sides.add(side);
            }
          }
        }
      }
      MergeSide base = c[2] == null ? null : side(c[1], c[2]);
      RecordType type = typeOf(c[1]);
      if (sides.size() < 2 || base == null || type == null) {
        continue;
      }
      s.stats.checks++;
      MergeResult first = Merge.merge(type, base, sides);
      List<MergeSide> other = new ArrayList<>(sides);
      Collections.shuffle(other, shuffle);
      Collections.reverse(other);
      MergeResult second = Merge.merge(type, base, other);
      if (first.clean() != second.clean()
          || !first.conflictingFields().equals(second.conflictingFields())
          || !first.merged().map(MergeResult.Merged::body).equals(
              second.merged().map(MergeResult.Merged::body))) {
        fail("merge-order", "the merge of conflict " + c[0] + " on " + Trace.shortId(c[1])
            + " depends on the order of its " + sides.size() + " sides", Trace.shortId(c[1]));
      }
    }
  }

  /**
   * Nothing a worker appended is lost by a merge: on a record no sync admin has resolved, every
   * line any stored revision holds in an append-text field is in the current revision's text.
   */
  private void additionsKept() throws SQLException {
    Map<String, String> current = new HashMap<>();
    Map<String, String> types = new HashMap<>();
    try (PreparedStatement p = db().prepareStatement(
        "SELECT r.record_id, v.body, r.type FROM records r JOIN revisions v"
            + " ON v.record_id = r.record_id AND v.rev = r.current_rev WHERE r.status = 'current'"
            + " AND NOT EXISTS (SELECT 1 FROM revisions x WHERE x.record_id = r.record_id"
            + " AND x.outcome = 'resolution')");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        current.put(rs.getString(1), rs.getString(2));
        types.put(rs.getString(1), rs.getString(3));
      }
    }
    try (PreparedStatement p = db().prepareStatement(
        "SELECT record_id, rev, body FROM revisions ORDER BY seq");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1);
        String now = current.get(id);
        RecordType type = now == null ? null
            : RecordType.fromWire(types.get(id)).orElse(null);
        if (type == null) {
          continue;
        }
        JsonNode was = ProtocolCodec.readTree(rs.getString(3));
        JsonNode is = ProtocolCodec.readTree(now);
        for (FieldSpec f : MergeRules.fields(type).values()) {
          if (f.rule() != FieldRule.APPEND_TEXT || !was.path(f.name()).isTextual()) {
            continue;
          }
          s.stats.checks++;
          String text = is.path(f.name()).asText("");
          for (String line : was.path(f.name()).asText().split("\n")) {
            if (!line.isBlank() && !text.contains(line)) {
              fail("additions-kept", "'" + line + "' in " + f.name() + " of revision "
                  + Trace.shortRev(rs.getString(2)) + " is missing from the current text of "
                  + Trace.shortId(id), Trace.shortId(id));
            }
          }
        }
      }
    }
  }

  private MergeSide side(String recordId, String rev) throws SQLException {
    try (PreparedStatement p = db().prepareStatement(
        "SELECT rev, hlc, case_id, child_ids, deleted, body FROM revisions"
            + " WHERE record_id = ? AND rev = ?")) {
      p.setString(1, recordId);
      p.setString(2, rev);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        List<String> kids = new ArrayList<>();
        ProtocolCodec.readTree(rs.getString(4)).forEach(n -> kids.add(n.asText()));
        return new MergeSide(rs.getString(1), rs.getString(2), rs.getString(3), kids,
            rs.getInt(5) == 1, rs.getString(6));
      }
    }
  }

  private RecordType typeOf(String recordId) throws SQLException {
    try (PreparedStatement p = db().prepareStatement(
        "SELECT type FROM records WHERE record_id = ?")) {
      p.setString(1, recordId);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? RecordType.fromWire(rs.getString(1)).orElse(null) : null;
      }
    }
  }

  /** Every open conflict is in the sync admin's queue, or no one could ever resolve it. */
  private void conflictsReachTheAdmin() throws SQLException {
    Set<String> open = new HashSet<>();
    try (PreparedStatement p = db().prepareStatement(
        "SELECT id, record_id FROM conflicts WHERE status = 'open'");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        open.add(rs.getString(1) + "|" + rs.getString(2));
      }
    }
    if (open.isEmpty()) {
      return;
    }
    s.stats.checks++;
    Net.Resp list = s.office("admin.gus", "GET", "/api/v1/admin/conflicts?status=open", null);
    Set<String> queued = new HashSet<>();
    for (JsonNode c : ProtocolCodec.readTree(list.body()).path("conflicts")) {
      queued.add(c.path("id").asText());
    }
    for (String o : open) {
      String id = o.substring(0, o.indexOf('|'));
      String rec = o.substring(o.indexOf('|') + 1);
      if (!queued.contains(id)) {
        fail("conflict-queue", "conflict " + id + " on " + Trace.shortId(rec) + " is open but"
            + " not in the sync admin's queue", Trace.shortId(rec));
      }
    }
  }

  /**
   * No conflict sets a device against itself: two sides from one device only arise when the
   * device never learnt that its first revision was stored (a lost answer) and edited again.
   */
  private void noDeviceConflictsWithItself() throws SQLException {
    try (PreparedStatement p = db().prepareStatement(
        "SELECT c.id, c.record_id, MIN(cs.device_id), COUNT(*) FROM conflicts c"
            + " JOIN conflict_sides cs ON cs.conflict_id = c.id GROUP BY c.id, c.record_id"
            + " HAVING COUNT(*) > 1 AND COUNT(DISTINCT cs.device_id) = 1");
        ResultSet rs = p.executeQuery()) {
      s.stats.checks++;
      if (rs.next()) {
        fail("self-conflict", "conflict " + rs.getString(1) + " on "
            + Trace.shortId(rs.getString(2)) + " has " + rs.getInt(4) + " sides, all from "
            + rs.getString(3), Trace.shortId(rs.getString(2)));
      }
    }
  }

  private void auditVerifies() {
    s.stats.checks++;
    Net.Resp v = s.office("admin.gus", "GET", "/api/v1/audit/verify", null);
    if (!v.ok() || !ProtocolCodec.readTree(v.body()).path("ok").asBoolean(false)) {
      fail("audit-chain", "the audit chain does not verify: " + v.status() + " " + v.body());
    }
  }
}
