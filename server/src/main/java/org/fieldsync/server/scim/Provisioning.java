package org.fieldsync.server.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.auth.TokenService;
import org.fieldsync.server.store.EnrolledDevice;
import org.fieldsync.server.store.GroupRow;
import org.fieldsync.server.store.PersonRow;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.Tx;
import java.sql.SQLException;

/**
 * What SCIM provisioning does to the directory, each change in one transaction with its audit
 * event. Deactivating a user (PUT or PATCH {@code active=false}, or DELETE) ends them at once
 * everywhere: every access token of theirs stops verifying on every node, their refresh tokens
 * end, and each of their enrolled devices is revoked with quarantine, so a tablet can no longer
 * sync but still hands over what it has not pushed (the existing quarantine hand-over), and
 * nothing recorded is lost. Users are never deleted: they are the authors of records.
 */
public final class Provisioning {
  /** The actor SCIM changes are audited under. */
  static final String ACTOR = "scim";
  private final Store store;
  private final TokenService tokens;
  private final DeviceRegistry devices;
  private final Clock clock;

  public Provisioning(Store store, TokenService tokens, DeviceRegistry devices, Clock clock) {
    this.store = store;
    this.tokens = tokens;
    this.devices = devices;
    this.clock = clock;
  }

  /**
   * One page of a list.
   *
   * @param total how many match
   * @param resources this page
   */
  record Page(int total, List<JsonNode> resources) {}

  Page users(ScimFilter f, int start, int count, String base) {
    String name = f == null ? null : f.value();
    return store.read(tx -> {
      List<JsonNode> out = new ArrayList<>();
      for (PersonRow p : tx.people().persons(name, start - 1, count)) {
        out.add(ScimUsers.toJson(p, base));
      }
      return new Page(tx.people().countPersons(name), out);
    });
  }

  Page groups(ScimFilter f, int start, int count, String base) {
    String name = f == null ? null : f.value();
    return store.read(tx -> {
      List<JsonNode> out = new ArrayList<>();
      for (GroupRow g : tx.people().groups(name, start - 1, count)) {
        out.add(ScimGroups.toJson(g, base));
      }
      return new Page(tx.people().countGroups(name), out);
    });
  }

  JsonNode user(String id, String base) {
    return ScimUsers.toJson(store.read(tx -> person(tx, id)), base);
  }

  JsonNode group(String id, String base) {
    return ScimGroups.toJson(store.read(tx -> group(tx, id)), base);
  }

  JsonNode createUser(JsonNode body, String base) {
    long now = clock.millis();
    PersonRow p = ScimUsers.fromJson(body, "u-" + UUID.randomUUID(), 1, now, now);
    store.write(tx -> {
      if (tx.people().personByUserName(p.userName()).isPresent()) {
        throw new ScimException(409, "uniqueness", "userName " + p.userName()
            + " is already taken");
      }
      tx.people().insert(p);
      audit(tx, "scim.user.create", p.id(), now, "userName", p.userName(), "roles",
          p.roles(), "active", p.active());
      return null;
    });
    if (!p.active()) {
      tokens.setActive(p.id(), false);
    }
    return ScimUsers.toJson(p, base);
  }

  JsonNode replaceUser(String id, JsonNode body, String ifMatch, String base) {
    return writeUser(id, ifMatch, base, old -> body);
  }

  JsonNode patchUser(String id, JsonNode body, String ifMatch, String base) {
    return writeUser(id, ifMatch, base, old -> ScimUsers.patch(ScimUsers.toJson(old, base),
        body));
  }

  /** DELETE: users are never removed (they wrote records); they are deactivated. */
  void deactivate(String id, String ifMatch) {
    writeUser(id, ifMatch, ScimRoutes.BASE, old -> {
      ObjectNode j = ScimUsers.toJson(old, ScimRoutes.BASE);
      j.remove("meta");
      j.put("active", false);
      return j;
    });
  }

  private interface Change {
    JsonNode apply(PersonRow old);
  }

  private JsonNode writeUser(String id, String ifMatch, String base, Change change) {
    long now = clock.millis();
    List<EnrolledDevice> revoked = new ArrayList<>();
    PersonRow[] result = new PersonRow[2];
    store.write(tx -> {
      PersonRow old = person(tx, id);
      checkVersion(ifMatch, old.version());
      PersonRow next = ScimUsers.fromJson(change.apply(old), id, old.version() + 1,
          old.createdAt(), now);
      Optional<PersonRow> named = tx.people().personByUserName(next.userName());
      if (named.isPresent() && !named.get().id().equals(id)) {
        throw new ScimException(409, "uniqueness", "userName " + next.userName()
            + " is already taken");
      }
      if (same(old, next)) {
        result[0] = old;
        return null;
      }
      tx.people().update(next);
      audit(tx, "scim.user.update", id, now, "userName", next.userName(), "roles", next.roles(),
          "active", next.active());
      if (old.active() && !next.active()) {
        for (EnrolledDevice d : tx.devices().enrolled()) {
          if (d.userId().equals(id)) {
            tx.credentials().endRefreshTokens(d.deviceId(), now);
            if (tx.devices().revoke(d.deviceId(), ACTOR, now, true)) {
              revoked.add(tx.devices().enrolled(d.deviceId()).orElseThrow());
            }
          }
        }
        audit(tx, "scim.user.deactivate", id, now, "devicesRevoked", revoked.size());
      }
      result[0] = next;
      result[1] = old;
      return null;
    });
    PersonRow now1 = result[0];
    if (result[1] != null && result[1].active() != now1.active()) {
      tokens.setActive(id, now1.active());
    }
    revoked.forEach(devices::put);
    return ScimUsers.toJson(now1, base);
  }

  /** Whether a change would change nothing (an identity provider's periodic re-send). */
  private static boolean same(PersonRow a, PersonRow b) {
    return a.userName().equals(b.userName()) && eq(a.externalId(), b.externalId())
        && a.displayName().equals(b.displayName()) && eq(a.email(), b.email())
        && a.active() == b.active() && a.roles().stream().filter(r -> !r.isBlank()).toList()
            .equals(b.roles()) && eq(a.teamId(), b.teamId()) && eq(a.grade(), b.grade())
        && a.approvalLimitPence() == b.approvalLimitPence() && eq(a.locality(), b.locality())
        && eq(a.agency(), b.agency());
  }

  private static boolean eq(Object a, Object b) {
    return a == null ? b == null : a.equals(b);
  }

  JsonNode createGroup(JsonNode body, String base) {
    long now = clock.millis();
    GroupRow g = ScimGroups.fromJson(body, "g-" + UUID.randomUUID(), 1, now, now);
    store.write(tx -> {
      if (tx.people().groupNameTaken(g.displayName(), g.id())) {
        throw new ScimException(409, "uniqueness", "a group is already named "
            + g.displayName());
      }
      checkMembers(tx, g);
      tx.people().putGroup(g);
      audit(tx, "scim.group.create", g.id(), now, "displayName", g.displayName(), "members",
          g.members().size());
      return null;
    });
    return ScimGroups.toJson(g, base);
  }

  JsonNode replaceGroup(String id, JsonNode body, String ifMatch, String base) {
    return writeGroup(id, ifMatch, base, old -> body);
  }

  JsonNode patchGroup(String id, JsonNode body, String ifMatch, String base) {
    return writeGroup(id, ifMatch, base, old -> ScimGroups.patch(ScimGroups.toJson(old, base),
        body));
  }

  private interface GroupChange {
    JsonNode apply(GroupRow old);
  }

  private JsonNode writeGroup(String id, String ifMatch, String base, GroupChange change) {
    long now = clock.millis();
    GroupRow g = store.write(tx -> {
      GroupRow old = group(tx, id);
      checkVersion(ifMatch, old.version());
      GroupRow next = ScimGroups.fromJson(change.apply(old), id, old.version() + 1,
          old.createdAt(), now);
      if (tx.people().groupNameTaken(next.displayName(), id)) {
        throw new ScimException(409, "uniqueness", "a group is already named "
            + next.displayName());
      }
      if (next.displayName().equals(old.displayName()) && next.members().equals(old.members())
          && eq(next.externalId(), old.externalId())) {
        return old;
      }
      checkMembers(tx, next);
      tx.people().putGroup(next);
      audit(tx, "scim.group.update", id, now, "displayName", next.displayName(), "members",
          next.members().size());
      return next;
    });
    return ScimGroups.toJson(g, base);
  }

  void deleteGroup(String id, String ifMatch) {
    long now = clock.millis();
    store.write(tx -> {
      checkVersion(ifMatch, group(tx, id).version());
      tx.people().deleteGroup(id);
      audit(tx, "scim.group.delete", id, now);
      return null;
    });
  }

  private static void checkMembers(Tx tx, GroupRow g) throws SQLException {
    for (String m : g.members()) {
      if (tx.people().person(m).isEmpty()) {
        throw ScimException.invalidValue("member " + m + " is not a user here");
      }
    }
  }

  private static PersonRow person(Tx tx, String id) throws SQLException {
    return tx.people().person(id).orElseThrow(() -> new ScimException(404, null,
        "no user " + id));
  }

  private static GroupRow group(Tx tx, String id) throws SQLException {
    return tx.people().group(id).orElseThrow(() -> new ScimException(404, null,
        "no group " + id));
  }

  /** If-Match: {@code *} or the current ETag (weak or strong); anything else is 412. */
  private static void checkVersion(String ifMatch, long version) {
    if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
      return;
    }
    for (String tag : ifMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("\"" + version + "\"")) {
        return;
      }
    }
    throw new ScimException(412, null, "the resource is at version " + ScimJson.etag(version)
        + ", not " + ifMatch.trim() + "; read it again and re-apply the change");
  }

  private static void audit(Tx tx, String action, String target, long now, Object... detail)
      throws SQLException {
    AuditChain.append(tx, List.of(AuditEvent.anonymousBy(ACTOR, action, target, detail)), now);
  }
}
