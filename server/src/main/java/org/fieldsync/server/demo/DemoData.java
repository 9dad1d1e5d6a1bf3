package org.fieldsync.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.gate.RecordGate;
import org.fieldsync.protocol.gate.RecordState;
import org.fieldsync.protocol.gate.Transition;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.validation.RecordValidator;
import org.fieldsync.protocol.validation.ValidationResult;
import org.fieldsync.server.auth.PasswordHasher;
import org.fieldsync.server.store.ConsentRepo.ConsentRow;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.UserRow;

/**
 * Loads the fictional demo dataset ({@code demo.json} beside this class): the six Dorset
 * localities, four teams, users of every role, a few cases allocated to them, and a few records
 * in them. Loading twice changes nothing. Every name in it is invented.
 */
public final class DemoData {
  /** Every demo user's password. */
  public static final String PASSWORD = "demo-password-1";

  private DemoData() {}

  public static JsonNode dataset() {
    try (InputStream in = DemoData.class.getResourceAsStream("demo.json")) {
      if (in == null) {
        throw new IllegalStateException("demo.json is missing from the server jar");
      }
      return ProtocolCodec.mapper().readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("demo.json cannot be read", e);
    }
  }

  /** Every demo user's user name, in the dataset's order. */
  public static List<String> usernames() {
    List<String> out = new ArrayList<>();
    dataset().get("users").forEach(u -> out.add(u.get("username").asText()));
    return out;
  }

  /** Loads the dataset; returns the number of users it holds. */
  public static int load(Store store, PasswordHasher hasher) {
    JsonNode d = dataset();
    List<UserRow> users = new ArrayList<>();
    for (JsonNode u : d.get("users")) {
      List<String> roles = new ArrayList<>();
      u.get("roles").forEach(r -> roles.add(r.asText()));
      users.add(new UserRow(u.get("id").asText(), u.get("username").asText(),
          u.get("displayName").asText(), null, roles,
          u.get("team").isNull() ? null : u.get("team").asText(), u.get("agency").asText()));
    }
    // Hash outside the transaction: Argon2 is deliberately slow.
    List<UserRow> hashed = new ArrayList<>();
    for (UserRow u : users) {
      boolean exists = store.read(tx -> tx.directory().userById(u.id()).isPresent());
      if (!exists) {
        hashed.add(new UserRow(u.id(), u.username(), u.displayName(), hasher.hash(PASSWORD),
            u.roles(), u.teamId(), u.agency()));
      }
    }
    store.write(tx -> {
      for (JsonNode t : d.get("teams")) {
        tx.directory().upsertTeam(t.get("id").asText(), t.get("name").asText(),
            t.get("locality").asText());
      }
      for (UserRow u : hashed) {
        tx.directory().upsertUser(u);
      }
      for (JsonNode u : d.get("users")) {
        tx.directory().setApprovalLimitPence(u.get("id").asText(),
            u.path("approvalLimitPence").asLong(0));
        if (u.hasNonNull("partnerAgency")) {
          tx.directory().setPartnerAgency(u.get("id").asText(),
              u.get("partnerAgency").asText());
        }
      }
      for (JsonNode c : d.get("cases")) {
        String caseId = c.get("id").asText();
        boolean inserted = tx.directory().upsertCase(caseId, c.get("team").asText(),
            c.get("locality").asText(), c.get("label").asText());
        for (JsonNode child : c.get("children")) {
          tx.directory().upsertChild(caseId, child.get("id").asText(),
              child.get("initials").asText());
        }
        // Allocate only a case loaded now: a case moved away since must stay moved away.
        for (JsonNode a : inserted ? c.get("allocated") : List.<JsonNode>of()) {
          tx.directory().setAllocation(caseId, a.asText(), true, tx.feed().reserveSeqs(1));
        }
      }
      // Consent is recorded once: one changed since (withdrawn, say) stays as it was changed.
      for (JsonNode k : d.path("consents")) {
        String caseId = k.get("caseId").asText();
        String agency = k.get("agency").asText();
        if (tx.consents().get(caseId, agency).isEmpty()) {
          List<String> types = new ArrayList<>();
          k.path("recordTypes").forEach(t -> types.add(t.asText()));
          tx.consents().put(new ConsentRow(caseId, agency, k.get("level").asText(), types,
              k.get("givenBy").asText(), k.path("children").toString(),
              k.path("note").asText(null), k.get("recordedBy").asText(), 0L,
              tx.feed().reserveSeqs(1)));
        }
      }
      return null;
    });
    return users.size();
  }

  /**
   * The demo records, as if synced from the named demo tablets, so a newcomer's first request
   * shows a case with something in it. Only {@code serve --demo} loads them: tests start from the
   * demo's people and cases alone, and make the records they assert on. Each is checked like a
   * device's push (the validator and the record gate); a record already stored is left as it is.
   */
  public static void loadRecords(Store store) {
    List<Revision> revs = new ArrayList<>();
    for (JsonNode j : dataset().path("records")) {
      List<String> kids = new ArrayList<>();
      j.get("childIds").forEach(k -> kids.add(k.asText()));
      String device = j.get("deviceId").asText();
      long at = Instant.parse(j.get("at").asText()).toEpochMilli();
      RecordType type = RecordType.fromWire(j.get("type").asText()).orElseThrow();
      Revision r = Revisions.next(j.get("id").asText(), type, j.get("caseId").asText(), kids,
          null, false, RecordValidator.SCHEMA_VERSION, j.get("authorId").asText(), device,
          new Hlc(at, 0, device), CanonicalJson.canonicalize(j.get("body")));
      ValidationResult v = RecordValidator.validate(r);
      List<FieldError> gate = RecordGate.check(Transition.device(type, r.authorId(), null,
          RecordState.of(r)));
      if (!v.ok() || !gate.isEmpty()) {
        throw new IllegalStateException("demo record " + r.id() + " is not valid: "
            + v.errors() + gate);
      }
      revs.add(r);
    }
    store.write(tx -> {
      for (Revision r : revs) {
        if (tx.revisions().current(r.id()).isEmpty()) {
          long seq = tx.feed().reserveSeqs(1);
          long at = Hlc.parse(r.hlc()).wallMillis();
          tx.revisions().insertRevision(r, r.authorId(), seq, "accepted", at);
          tx.revisions().putCurrent(r, seq, "current", at);
        }
      }
      return null;
    });
  }
}
