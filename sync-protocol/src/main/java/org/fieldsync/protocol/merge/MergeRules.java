package org.fieldsync.protocol.merge;

import static org.fieldsync.protocol.merge.FieldRule.APPEND_TEXT;
import static org.fieldsync.protocol.merge.FieldRule.SCALAR;
import static org.fieldsync.protocol.merge.FieldRule.SEALED;
import static org.fieldsync.protocol.merge.FieldRule.SERVER_OWNED;
import static org.fieldsync.protocol.merge.FieldRule.SET;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;

/**
 * The merge rule of every field of every record type, and when a record is sealed. The server and
 * the SDK share this table, so they cannot disagree about what merges.
 *
 * <p>Chosen from DOMAIN.md: the child's verbatim words are sealed once the observation is
 * submitted; a supervision note's decisions are sealed at sign-off; FNSP decisions and sign-off are
 * server-owned; attendees and children seen are sets; narrative notes append.
 */
public final class MergeRules {
  private static final Map<RecordType, Map<String, FieldSpec>> SPECS = new EnumMap<>(
      RecordType.class);
  private static final Map<RecordType, Predicate<JsonNode>> SEALS = new EnumMap<>(
      RecordType.class);

  static {
    declare(RecordType.VISIT,
        FieldSpec.of("date", SCALAR), FieldSpec.of("startTime", SCALAR),
        FieldSpec.of("durationMinutes", SCALAR), FieldSpec.of("mode", SCALAR),
        FieldSpec.of("kind", SCALAR), FieldSpec.of("planned", SCALAR),
        new FieldSpec("childrenSeen", SET, "childId"), FieldSpec.of("othersPresent", SET),
        FieldSpec.of("homeConditions", APPEND_TEXT), FieldSpec.of("analysis", APPEND_TEXT),
        FieldSpec.of("actionsAgreed", APPEND_TEXT), FieldSpec.of("notes", APPEND_TEXT),
        FieldSpec.of("nextVisitDate", SCALAR), FieldSpec.of("returns", SET),
        FieldSpec.of("returnHomeInterview", SCALAR));
    declare(RecordType.CHILD_VOICE_OBSERVATION,
        FieldSpec.of("childId", SEALED), FieldSpec.of("date", SEALED),
        FieldSpec.of("childWords", SEALED), FieldSpec.of("workerObservation", APPEND_TEXT),
        FieldSpec.of("method", SEALED), FieldSpec.of("advocatePresent", SCALAR),
        FieldSpec.of("languageNeeds", SCALAR), FieldSpec.of("identityNotes", SCALAR),
        FieldSpec.of("fedBackToChild", SCALAR), FieldSpec.of("status", SEALED),
        FieldSpec.of("addenda", SET), new FieldSpec("attachments", SET, "id"));
    SEALS.put(RecordType.CHILD_VOICE_OBSERVATION,
        b -> "submitted".equals(b.path("status").asText(null)));
    // What a manager decides on is sealed from submission, so an approval always covers exactly
    // what was asked for; the status moves only along the lifecycle (fnspStatus below).
    declare(RecordType.FNSP_REQUEST,
        FieldSpec.of("meetingId", SEALED), FieldSpec.of("goalId", SEALED),
        FieldSpec.of("description", SEALED), FieldSpec.of("category", SEALED),
        FieldSpec.of("amountPence", SEALED), FieldSpec.of("beneficiary", SEALED),
        FieldSpec.of("deliveringOrganisation", SEALED), FieldSpec.of("status", SCALAR),
        FieldSpec.of("decidedBy", SERVER_OWNED), FieldSpec.of("decidedAt", SERVER_OWNED),
        FieldSpec.of("decisionNote", SERVER_OWNED), FieldSpec.of("referredBy", SERVER_OWNED),
        FieldSpec.of("referredAt", SERVER_OWNED), FieldSpec.of("referralNote", SERVER_OWNED));
    SEALS.put(RecordType.FNSP_REQUEST, b -> {
      String st = b.path("status").asText("draft");
      return !st.equals("draft");
    });
    declare(RecordType.SUPERVISION_NOTE,
        FieldSpec.of("kind", SCALAR), FieldSpec.of("date", SCALAR), FieldSpec.of("ledBy", SEALED),
        FieldSpec.of("attendees", SET), FieldSpec.of("analysis", APPEND_TEXT),
        FieldSpec.of("decisions", SEALED), FieldSpec.of("actions", SET),
        FieldSpec.of("signedOffBy", SERVER_OWNED), FieldSpec.of("signedOffAt", SERVER_OWNED));
    SEALS.put(RecordType.SUPERVISION_NOTE, b -> present(b.path("signedOffBy")));
    declare(RecordType.FAMILY_FEEDBACK,
        FieldSpec.of("date", SCALAR), FieldSpec.of("givenBy", SCALAR),
        FieldSpec.of("channel", SCALAR), FieldSpec.of("ableToTalk", SCALAR),
        FieldSpec.of("involvedInDecisions", SCALAR), FieldSpec.of("contactAmountRight", SCALAR),
        FieldSpec.of("didWhatWeSaid", SCALAR), FieldSpec.of("differenceMade", SCALAR),
        FieldSpec.of("freeText", APPEND_TEXT), FieldSpec.of("consentToShare", SCALAR),
        FieldSpec.of("anonymous", SCALAR), FieldSpec.of("locality", SCALAR));
    declare(RecordType.FAMILY_MEETING,
        FieldSpec.of("kind", SCALAR), FieldSpec.of("date", SCALAR),
        FieldSpec.of("facilitator", SCALAR), FieldSpec.of("attendees", SET),
        new FieldSpec("goals", SET, "id"), FieldSpec.of("notes", APPEND_TEXT));
  }

  private MergeRules() {}

  private static void declare(RecordType type, FieldSpec... specs) {
    Map<String, FieldSpec> m = new LinkedHashMap<>();
    for (FieldSpec s : specs) {
      m.put(s.name(), s);
    }
    SPECS.put(type, Map.copyOf(m));
  }

  /** Every declared field of a type, by name. */
  public static Map<String, FieldSpec> fields(RecordType type) {
    return SPECS.get(type);
  }

  /** The spec of one field; an undeclared field (from a newer peer) is scalar. */
  public static FieldSpec spec(RecordType type, String field) {
    FieldSpec s = type == null ? null : SPECS.get(type).get(field);
    return s != null ? s : FieldSpec.of(field, SCALAR);
  }

  /** Whether a body (canonical JSON text) is sealed: submitted, or signed off. */
  public static boolean sealed(RecordType type, String body) {
    return body != null && sealed(type, ProtocolCodec.readTree(body));
  }

  /** Whether a parsed body is sealed. */
  public static boolean sealed(RecordType type, JsonNode body) {
    Predicate<JsonNode> p = type == null ? null : SEALS.get(type);
    return p != null && body != null && p.test(body);
  }

  /** "signed off" for a supervision note, "submitted" for the rest: how a record seals. */
  public static String sealWord(RecordType type) {
    return type == RecordType.SUPERVISION_NOTE ? "signed off" : "submitted";
  }

  /** Whether a JSON value is there: neither missing nor null. */
  public static boolean present(JsonNode n) {
    return n != null && !n.isMissingNode() && !n.isNull();
  }

  /** Equality by canonical form; absent and null are the same. */
  public static boolean same(JsonNode a, JsonNode b) {
    boolean pa = present(a);
    boolean pb = present(b);
    if (!pa || !pb) {
      return pa == pb;
    }
    return CanonicalJson.canonicalize(a).equals(CanonicalJson.canonicalize(b));
  }
}
