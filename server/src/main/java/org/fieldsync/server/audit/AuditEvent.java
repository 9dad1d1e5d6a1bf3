package org.fieldsync.server.audit;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import org.fieldsync.server.http.Principal;

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
    actor = text(actor);
    roles = text(roles);
    action = text(action);
    device = clip(text(device), 128);
    target = clip(text(target), 200);
    detail = clip(text(detail), 4_000);
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
  }

  /**
   * A NUL character (a hostile user name, say) as U+FFFD: PostgreSQL text cannot hold NUL, and
   * an event that could not be stored would take its whole batch with it.
   */
  private static String text(String s) {
    return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
  }

  /** An event by a signed-in user. {@code detail} alternates keys and values. */
  public static AuditEvent by(Principal who, String device, String action, String target,
      Object... detail) {
    return new AuditEvent(who == null ? null : who.userId(),
        who == null ? null : String.join(",", who.roles()), device, action, target,
        detail(detail));
  }

  /**
   * An event by an integration client rather than a user ({@code scim}, {@code case-import},
   * {@code export}): the client's name stands as the actor.
   */
  public static AuditEvent anonymousBy(String client, String action, String target,
      Object... detail) {
    return new AuditEvent(client, "integration", null, action, target, detail(detail));
  }

  /** An event with no signed-in user (a failed login, a missing token). */
  public static AuditEvent anonymous(String action, String target, Object... detail) {
    return new AuditEvent(null, null, null, action, target, detail(detail));
  }

  /**
   * A small JSON object from alternating keys and values (strings, numbers, booleans or lists of
   * those); absent values are left out. Written by hand: one is made for every pushed item.
   */
  static String detail(Object... kv) {
    if (kv.length == 0) {
      return null;
    }
    StringBuilder b = new StringBuilder(96).append('{');
    boolean first = true;
    for (int i = 0; i + 1 < kv.length; i += 2) {
      if (kv[i + 1] == null) {
        continue;
      }
      if (!first) {
        b.append(',');
      }
      first = false;
      quote(b, String.valueOf(kv[i]));
      b.append(':');
      value(b, kv[i + 1]);
    }
    return b.append('}').toString();
  }

  private static void value(StringBuilder b, Object v) {
    if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        value(b, l.get(i));
      }
      b.append(']');
    } else if (v == null) {
      b.append("null");
    } else {
      quote(b, v.toString());
    }
  }

  private static void quote(StringBuilder b, String s) {
    b.append('"').append(JsonStringEncoder.getInstance().quoteAsString(s)).append('"');
  }
}
