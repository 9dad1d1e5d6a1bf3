package org.fieldsync.server.caserecord;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.merge.FieldLabels;
import org.fieldsync.protocol.merge.FieldShape;
import org.fieldsync.server.store.EnrolledDevice;
import org.fieldsync.server.store.Tx;

/**
 * The names people read in place of ids, looked up once per request inside its transaction:
 * users' display names, tablets' enrolled names ("Tablet 22", not a UUID) and families' labels.
 * The conflict and history answers carry them so a screen never shows an id where a name exists.
 *
 * <p>Not thread-safe: one per request.
 */
public final class ReadableNames {
  private final Tx tx;
  private final Map<String, String> users = new TreeMap<>();
  private final Map<String, Optional<String>> devices = new HashMap<>();

  public ReadableNames(Tx tx) {
    this.tx = tx;
  }

  /** A user's display name (the id when there is no such user); remembered for {@link #people}. */
  public String user(String userId) throws SQLException {
    if (userId == null) {
      return null;
    }
    String name = users.get(userId);
    if (name == null) {
      name = tx.directory().userById(userId).map(u -> u.displayName()).orElse(userId);
      users.put(userId, name);
    }
    return name;
  }

  /** Every user named so far in a value that holds a user id (led by, decided by, …). */
  public void usersIn(RecordType type, JsonNode body) throws SQLException {
    if (type == null || body == null || !body.isObject()) {
      return;
    }
    for (FieldShape s : FieldLabels.shapes(type)) {
      JsonNode v = body.path(s.name());
      if ("user".equals(s.format()) && v.isTextual()) {
        user(v.asText());
      }
      for (FieldShape m : s.members()) {
        if ("user".equals(m.format())) {
          for (JsonNode item : v.isArray() ? v : List.of(v)) {
            if (item.path(m.name()).isTextual()) {
              user(item.path(m.name()).asText());
            }
          }
        }
      }
    }
  }

  /** Every user looked up so far: id to display name. */
  public Map<String, String> people() {
    return Map.copyOf(users);
  }

  /** A device's enrolled name, or null for one that never enrolled (and for the server). */
  public String device(String deviceId) throws SQLException {
    if (deviceId == null) {
      return null;
    }
    Optional<String> name = devices.get(deviceId);
    if (name == null) {
      name = tx.devices().enrolled(deviceId).map(EnrolledDevice::name);
      devices.put(deviceId, name);
    }
    return name.orElse(null);
  }

  /** Each case's label, by case id. */
  public Map<String, String> caseLabels(Collection<String> caseIds) throws SQLException {
    LinkedHashSet<String> ids = new LinkedHashSet<>(caseIds);
    ids.remove(null);
    return ids.isEmpty() ? Map.of() : tx.directory().caseLabels(ids);
  }

  /** One case's label, or null. */
  public String caseLabel(String caseId) throws SQLException {
    return caseId == null ? null : tx.directory().caseLabels(List.of(caseId)).get(caseId);
  }
}
