package org.fieldsync.server.export;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;

/**
 * When a record is exportable: one rule per record type, over the current revision's body.
 * Dorset's defaults: a visit once it is on the server (a pushed visit is a submitted one), a
 * child-voice observation when submitted, an FNSP request when decided, a supervision note when
 * signed off, family feedback when the family consented to share it; family meetings are not
 * exported. And any record when a conflict on it is resolved (the resolution is a new revision).
 */
public final class ExportRules {
  private ExportRules() {}

  /**
   * A rule: {@code when} is {@code stored} (every current revision), {@code never},
   * {@code FIELD} (the body's field is present and not false, null or empty) or
   * {@code FIELD=A|B} (the field's text is one of the values); {@code reason} names the state in
   * the export message.
   *
   * @param when the condition
   * @param reason what the receiver is told the record reached
   */
  public record Rule(String when, String reason) {
    static Rule parse(JsonNode j, String where) {
      Rule r = j.isTextual() ? new Rule(j.asText(), "exportable")
          : new Rule(j.path("when").asText(""), j.path("reason").asText("exportable"));
      if (!r.when.matches("stored|never|[A-Za-z][A-Za-z0-9]*(=[^=]+)?")) {
        throw new IllegalArgumentException(where + ": a state rule must be stored, never, FIELD"
            + " or FIELD=A|B, not '" + r.when + "'");
      }
      return r;
    }

    /** Whether a revision's body meets the rule. */
    boolean matches(Revision r) {
      if (when.equals("stored")) {
        return !r.deleted();
      }
      if (when.equals("never") || r.deleted()) {
        return false;
      }
      JsonNode body = ProtocolCodec.readTree(r.body());
      String[] parts = when.split("=", 2);
      JsonNode v = body.get(parts[0]);
      if (parts.length == 1) {
        return v != null && !v.isNull() && !(v.isBoolean() && !v.asBoolean())
            && !(v.isTextual() && v.asText().isEmpty());
      }
      return v != null && v.isValueNode() && Set.of(parts[1].split("\\|")).contains(v.asText());
    }
  }

  /** Dorset's defaults (issue 11). */
  public static Map<String, Rule> defaults() {
    Map<String, Rule> m = new LinkedHashMap<>();
    m.put("visit", new Rule("stored", "submitted"));
    m.put("child_voice_observation", new Rule("status=submitted", "submitted"));
    m.put("fnsp_request", new Rule("status=approved|declined", "decided"));
    m.put("supervision_note", new Rule("signedOffBy", "signedOff"));
    m.put("family_feedback", new Rule("consentToShare=true", "consented"));
    m.put("family_meeting", new Rule("never", "never"));
    return m;
  }

  /** Why {@code r} is exportable under {@code s}, or null when it is not. */
  static String reason(ExportSettings s, Revision r, String outcome) {
    if (s.resolved() && "resolution".equals(outcome)) {
      return "resolved";
    }
    Rule rule = s.states().get(r.type());
    return rule != null && rule.matches(r) ? rule.reason() : null;
  }

  static Map<String, Object> describe(ExportSettings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    s.states().forEach((k, v) -> m.put(k, v.when()));
    return m;
  }
}
