package org.fieldsync.server.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.auth.Principal;

/**
 * Something to write to the audit trail; the chain position and hashes are added on append.
 *
 * @param actor user id, null when nobody was signed in
 * @param roles comma-separated roles
 * @param device device id, when known
 * @param action stable dotted name
 * @param target what it was about
 * @param detail small JSON object text, or null
 */
public record AuditEvent(String actor, String roles, String device, String action,
    String target, String detail) {

  public AuditEvent {
    device = clip(device, 128);
    target = clip(target, 200);
    detail = clip(detail, 4_000);
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
  }

  /** An event by a signed-in user. {@code detail} alternates keys and values. */
  public static AuditEvent by(Principal who, String device, String action, String target,
      Object... detail) {
    return new AuditEvent(who == null ? null : who.userId(),
        who == null ? null : String.join(",", who.roles()), device, action, target,
        detail(detail));
  }

  /** An event with no signed-in user (a failed login, a missing token). */
  public static AuditEvent anonymous(String action, String target, Object... detail) {
    return new AuditEvent(null, null, null, action, target, detail(detail));
  }

  static String detail(Object... kv) {
    if (kv.length == 0) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put(String.valueOf(kv[i]), kv[i + 1] instanceof List<?> l ? List.copyOf(l)
            : kv[i + 1]);
      }
    }
    return ProtocolCodec.encodeToString(m);
  }
}
