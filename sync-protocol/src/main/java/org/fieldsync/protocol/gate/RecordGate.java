package org.fieldsync.protocol.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.merge.FieldRule;
import org.fieldsync.protocol.merge.FieldSpec;
import org.fieldsync.protocol.merge.Merge;
import org.fieldsync.protocol.merge.MergeRules;
import org.fieldsync.protocol.validation.FieldError;

/**
 * The one gate for a record's invariants: given a proposed {@link Transition}, says what (if
 * anything) forbids it. Every writer calls it: a device's push (on the tablet at save and on the
 * server), the server's merge, a sync admin's resolution, an FNSP decision, a supervision
 * sign-off and a restriction. Pure and thread-safe.
 *
 * <p>The rules, for every writer alike:
 *
 * <ul>
 *   <li><b>Sealed.</b> Once a record is sealed (a child-voice observation or an FNSP request
 *       submitted, a supervision note signed off), its sealed fields never change and it is never
 *       deleted; words are added by addendum.
 *   <li><b>Server-owned.</b> An FNSP request's decision fields are written only by a decision, in
 *       the deciding manager's name; a note's sign-off fields only by its sign-off, by the manager
 *       who led the supervision.
 *   <li><b>Lifecycle.</b> An FNSP request moves draft → submitted → approved | declined →
 *       delivered → reviewed; only a decision moves it out of submitted. A merge or a resolution
 *       takes a status only from a side.
 *   <li><b>Writer's reach.</b> A decision, a sign-off and a restriction change nothing but their
 *       own fields. A resolution chooses among the sides and edits only fields that are neither
 *       sealed, server-owned nor structural (case, children, deletion).
 * </ul>
 *
 * <p>Merge policy (when concurrent edits need a person) is not here: that is {@link Merge}. The
 * gate is what no writer may do, however the change came about. The alternative, each writer
 * checking what it remembered, is how resolutions once bypassed every rule that held devices back.
 */
public final class RecordGate {
  /**
   * FNSP request statuses a device (and so a merge or resolution of device revisions) may move
   * to, from each status ("" for a new record).
   */
  private static final Map<String, List<String>> FNSP_DEVICE_MOVES = Map.of(
      "", List.of("draft", "submitted"),
      "draft", List.of("draft", "submitted"),
      "approved", List.of("delivered"),
      "delivered", List.of("reviewed"));

  private static final List<String> DECISION_FIELDS = List.of("status", "decidedBy",
      "decidedAt", "decisionNote", "referredBy", "referredAt", "referralNote");
  private static final List<String> SIGN_OFF_FIELDS = List.of("signedOffBy", "signedOffAt");
  private static final List<String> STRUCTURAL =
      List.of(Merge.CASE_ID, Merge.CHILD_IDS, Merge.DELETED);

  private RecordGate() {}

  /**
   * Whether a sync admin's resolution may give its own value for a field ({@code {"value": …}}),
   * rather than choose a side's: not for structural fields (case, children, deletion), nor for
   * sealed or server-owned ones. The console offers an editor only where this is true.
   */
  public static boolean editableInResolution(RecordType type, String field) {
    if (STRUCTURAL.contains(field)) {
      return false;
    }
    FieldRule rule = MergeRules.spec(type, field).rule();
    return rule != FieldRule.SEALED && rule != FieldRule.SERVER_OWNED;
  }

  /** Whether the transition is allowed: true when {@link #check} finds nothing. */
  public static boolean allows(Transition t) {
    return check(t).isEmpty();
  }

  /**
   * What forbids the transition, one error per field, naming the field; empty when allowed.
   * Envelope fields are named {@code deleted} for a device and by their merge names ({@code
   * _caseId}, {@code _childIds}, {@code _deleted}) for every other writer.
   */
  public static List<FieldError> check(Transition t) {
    Check c = new Check(t);
    c.resolutionEdits();
    c.writerReach();
    c.sealed();
    c.serverOwned();
    c.lifecycle();
    c.signOff();
    c.sealedFromASide();
    return List.copyOf(c.errors.values());
  }

  /** The state of one check: parsed bodies and the errors found, first per field. */
  private static final class Check {
    private final Transition t;
    private final JsonNode before;
    private final JsonNode after;
    private final boolean beforeSealed;
    private final Map<String, FieldError> errors = new LinkedHashMap<>();

    Check(Transition t) {
      this.t = t;
      this.before = t.before() == null ? null : body(t.before());
      this.after = body(t.after());
      this.beforeSealed = before != null && MergeRules.sealed(t.type(), before);
    }

    void resolutionEdits() {
      for (String f : new TreeSet<>(t.edited())) {
        if (editableInResolution(t.type(), f)) {
          continue;
        }
        if (STRUCTURAL.contains(f)) {
          add(f, ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE, f.substring(1) + " is chosen from a"
              + " side, never edited in a resolution");
        } else if (rule(f) == FieldRule.SEALED) {
          add(f, ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE, f + " is what a worker recorded and"
              + " is sealed once the record is " + MergeRules.sealWord(t.type()) + "; choose a"
              + " side's value (more can be added by addendum)");
        } else if (rule(f) == FieldRule.SERVER_OWNED) {
          add(f, ErrorCodes.CONFLICT_CHOICE_NOT_EDITABLE, f + " is set only by "
              + owner().words() + ", never in a resolution");
        }
      }
    }

    /** A decision, a sign-off and a restriction change only their own fields. */
    void writerReach() {
      List<String> own;
      RecordType target;
      switch (t.writer()) {
        case DECISION -> {
          own = DECISION_FIELDS;
          target = RecordType.FNSP_REQUEST;
        }
        case SIGN_OFF -> {
          own = SIGN_OFF_FIELDS;
          target = RecordType.SUPERVISION_NOTE;
        }
        case RESTRICTION -> {
          own = List.of();
          target = t.type();
        }
        default -> {
          return;
        }
      }
      if (t.type() != target) {
        add("type", ErrorCodes.RECORD_NOT_WRITABLE, "a " + t.type().wireName() + " cannot be"
            + " changed by " + t.writer().words());
        return;
      }
      RecordState b = t.before() == null ? new RecordState(null, null, false, "{}") : t.before();
      if (!Objects.equals(b.caseId(), t.after().caseId())) {
        add(Merge.CASE_ID, ErrorCodes.RECORD_NOT_WRITABLE, notWritable("the case"));
      }
      if (!b.childIds().equals(t.after().childIds())) {
        add(Merge.CHILD_IDS, ErrorCodes.RECORD_NOT_WRITABLE, notWritable("the children"));
      }
      if (b.deleted() != t.after().deleted()) {
        add(Merge.DELETED, ErrorCodes.RECORD_NOT_WRITABLE, notWritable("deletion"));
      }
      for (String f : names()) {
        if (!own.contains(f) && changed(f)) {
          add(f, ErrorCodes.RECORD_NOT_WRITABLE, notWritable(f));
        }
      }
    }

    void sealed() {
      if (!beforeSealed) {
        return;
      }
      if (t.after().deleted() && !t.before().deleted()) {
        add(t.writer() == Writer.DEVICE ? "deleted" : Merge.DELETED, ErrorCodes.RECORD_SEALED,
            "a " + MergeRules.sealWord(t.type()) + " record cannot be deleted; add an addendum");
      }
      for (FieldSpec s : specs()) {
        if (s.rule() == FieldRule.SEALED && changed(s.name())) {
          add(s.name(), ErrorCodes.RECORD_SEALED, s.name() + " cannot change after the record"
              + " was " + MergeRules.sealWord(t.type()) + "; add an addendum");
        }
      }
      if (t.writer() == Writer.SIGN_OFF) {
        add("signedOffBy", ErrorCodes.SIGNOFF_ALREADY, "this note is already signed off");
      }
    }

    void serverOwned() {
      for (FieldSpec s : specs()) {
        if (s.rule() != FieldRule.SERVER_OWNED || !changed(s.name())) {
          continue;
        }
        Writer owner = owner();
        if (owner != t.writer()) {
          add(s.name(), ErrorCodes.RECORD_SERVER_OWNED, s.name() + " is set by "
              + owner.words() + ", not by " + t.writer().words());
        } else if ((s.name().equals("decidedBy") || s.name().equals("signedOffBy")
            || s.name().equals("referredBy") && after.hasNonNull("referredBy"))
            && !after.path(s.name()).asText("").equals(t.actorId())) {
          add(s.name(), ErrorCodes.RECORD_SERVER_OWNED, s.name() + " must name the manager who"
              + " made the " + (owner == Writer.DECISION ? "decision" : "sign-off"));
        }
      }
    }

    void lifecycle() {
      if (t.type() != RecordType.FNSP_REQUEST) {
        return;
      }
      boolean gone = t.before() == null || t.before().deleted();
      String from = gone ? "" : before.path("status").asText("");
      String to = after.path("status").asText("");
      if (t.writer() == Writer.DECISION) {
        if (from.isEmpty() || from.equals("draft")) {
          add("status", ErrorCodes.DECISION_NOT_SUBMITTED, "this request has not been submitted");
        } else if (!from.equals("submitted")) {
          add("status", ErrorCodes.DECISION_ALREADY, "this request was already " + from);
        } else if (to.equals("submitted")) {
          // Sent up a level: it stays submitted, naming the manager who sent it, for one whose
          // limit covers it.
          if (!after.path("referredBy").asText("").equals(t.actorId())) {
            add("referredBy", ErrorCodes.RECORD_STATUS_TRANSITION, "a request sent up a level"
                + " names the manager who sent it");
          }
        } else if (!to.equals("approved") && !to.equals("declined")) {
          add("status", ErrorCodes.RECORD_STATUS_TRANSITION, "a decision approves, declines or"
              + " sends up a level");
        }
        return;
      }
      if (from.equals(to) || t.after().deleted()) {
        return;
      }
      boolean fromASide = t.sides().isEmpty() || t.sides().stream()
          .anyMatch(s -> body(s).path("status").asText("").equals(to));
      if (!FNSP_DEVICE_MOVES.getOrDefault(from, List.of()).contains(to) || !fromASide) {
        add("status", to.equals("approved") || to.equals("declined")
            ? ErrorCodes.RECORD_SERVER_OWNED : ErrorCodes.RECORD_STATUS_TRANSITION,
            to.equals("approved") || to.equals("declined")
                ? "an FNSP request is approved or declined by a manager under the scheme of"
                    + " delegation, not by " + t.writer().words()
                : "an FNSP request cannot go from " + (from.isEmpty() ? "new" : from) + " to "
                    + to + " by " + t.writer().words());
      }
    }

    void signOff() {
      if (t.writer() != Writer.SIGN_OFF || t.type() != RecordType.SUPERVISION_NOTE) {
        return;
      }
      if (t.before() == null || t.before().deleted()) {
        add("deleted", ErrorCodes.SIGNOFF_NOT_SIGNABLE, "a deleted note cannot be signed off");
      } else if (!before.path("ledBy").asText("").equals(t.actorId())) {
        add("ledBy", ErrorCodes.SCOPE_ROLE_FORBIDDEN,
            "a supervision note is signed off by the manager who led it");
      } else if (!MergeRules.sealed(t.type(), after) && !beforeSealed) {
        add("signedOffBy", ErrorCodes.RECORD_NOT_WRITABLE, "a sign-off sets signedOffBy");
      }
    }

    /**
     * A merge or resolution that seals a record seals what one worker sealed: its sealed fields
     * are one sealed side's, whole, never a mixture or someone else's draft.
     */
    void sealedFromASide() {
      if (t.writer() != Writer.MERGE && t.writer() != Writer.RESOLUTION || beforeSealed
          || !MergeRules.sealed(t.type(), after)) {
        return;
      }
      List<FieldSpec> sealedFields = specs().stream()
          .filter(s -> s.rule() == FieldRule.SEALED).toList();
      List<String> fewest = null;
      for (RecordState side : t.sides()) {
        JsonNode s = body(side);
        if (!MergeRules.sealed(t.type(), s)) {
          continue;
        }
        List<String> differs = new ArrayList<>();
        for (FieldSpec f : sealedFields) {
          if (!MergeRules.same(s.path(f.name()), after.path(f.name()))) {
            differs.add(f.name());
          }
        }
        if (fewest == null || differs.size() < fewest.size()) {
          fewest = differs;
        }
      }
      if (fewest == null) {
        add("status", ErrorCodes.RECORD_SEALED, "only a worker submits a record; "
            + t.writer().words() + " cannot");
        return;
      }
      for (String f : fewest) {
        add(f, ErrorCodes.RECORD_SEALED, f + " must be as the worker who "
            + MergeRules.sealWord(t.type()) + " the record wrote it");
      }
    }

    /** The type's declared fields, in name order so that errors come in a stable order. */
    private List<FieldSpec> specs() {
      return new TreeMap<>(MergeRules.fields(t.type())).values().stream().toList();
    }

    private String notWritable(String what) {
      return what + " cannot be changed by " + t.writer().words();
    }

    private boolean changed(String field) {
      JsonNode b = before == null ? NullNode.getInstance() : before.path(field);
      return !MergeRules.same(b, after.path(field));
    }

    private FieldRule rule(String field) {
      return MergeRules.spec(t.type(), field).rule();
    }

    private Writer owner() {
      return t.type() == RecordType.SUPERVISION_NOTE ? Writer.SIGN_OFF : Writer.DECISION;
    }

    private List<String> names() {
      Set<String> out = new TreeSet<>();
      if (before != null) {
        before.fieldNames().forEachRemaining(out::add);
      }
      after.fieldNames().forEachRemaining(out::add);
      return List.copyOf(out);
    }

    private void add(String field, String code, String message) {
      errors.putIfAbsent(field, new FieldError(field, code, message));
    }
  }

  private static JsonNode body(RecordState s) {
    JsonNode n = ProtocolCodec.readTree(s.body());
    return n instanceof ObjectNode ? n : ProtocolCodec.readTree("{}");
  }
}
