package org.fieldsync.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.auth.PasswordHasher;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.UserRow;

/**
 * Loads the fictional demo dataset ({@code demo.json} beside this class): the six Dorset
 * localities, four teams, users of every role and a few cases allocated to them. Loading twice
 * changes nothing. Every name in it is invented.
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
      return null;
    });
    return users.size();
  }
}
