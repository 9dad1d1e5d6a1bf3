package org.fieldsync.server.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.merge.FieldMerge;
import org.fieldsync.protocol.merge.MergeResult;
import org.fieldsync.protocol.gate.RecordGate;
import org.fieldsync.protocol.gate.RecordState;
import org.fieldsync.protocol.gate.Transition;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.validation.RecordValidator;
import org.fieldsync.protocol.validation.ValidationResult;
import org.fieldsync.protocol.wire.Outcome;
import org.fieldsync.protocol.wire.Problem;
import org.fieldsync.protocol.wire.Receipt;
import org.fieldsync.protocol.wire.PushOutcome;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.store.ConflictRow;
import org.fieldsync.server.store.HistoryRow;
import org.fieldsync.server.store.RecordRow;
import org.fieldsync.server.store.StoredOutcome;
import org.fieldsync.server.store.Tx;

/**
 * Decides and stores the outcome of each pushed revision, inside the push's write transaction.
 * Items are applied in order, so a batch may create a record and edit it.
 *
 * <p>Nothing pushed is applied blindly: a revision whose parent is not the current rev is kept,
 * the record is marked conflicted and the current winner stays. Rejected revisions are not
 * stored; the device keeps them and shows why.
 */
final class PushDecider {
  static final String CODE_AUTHOR_MISMATCH = "scope.author.mismatch";
  static final String CODE_CHILD_NOT_IN_CASE = "record.childIds.notInCase";
  static final String CODE_MEETING_UNKNOWN = "fnsp.meetingId.unknown";
  static final String CODE_ATTACHMENT_MISSING = "attachment.missing";
  static final String CODE_MEETING_NOT_INDEPENDENT = "fnsp.meetingId.notIndependent";
  /** A revision whose device signature does not verify: forged or altered. */
  public static final String CODE_SIGNATURE_INVALID = ErrorCodes.REVISION_SIGNATURE_INVALID;
  /** A revision that names another device than the one pushing it. */
  public static final String CODE_DEVICE_MISMATCH = "revision.device.mismatch";
  /** The record is restricted to named workers and the pusher is not one. */
  public static final String CODE_RESTRICTED = ErrorCodes.SCOPE_RECORD_RESTRICTED;
  /** A record under review: the outcome's problem code. */
  public static final String CODE_CONFLICT = "sync.conflict";
  /** One conflicting field, in the problem's errors. */
  public static final String CODE_FIELD_CONFLICT = "conflict.field";
  /** What a partner-agency practitioner records: contacts with the family and the child's voice. */
  static final Set<RecordType> PARTNER_TYPES = Set.of(RecordType.VISIT,
      RecordType.CHILD_VOICE_OBSERVATION);
  private static final String CURRENT = "current";
  private static final String CONFLICTED = "conflicted";

  private final Tx tx;
  private final Principal who;
  private final long now;
  private final HybridLogicalClock clock;
  /** The device's signature of the item being decided. */
  private String sig;
  /** Its path to the push's signed root, or null when it was signed alone. */
  private List<String> proof;
  private final Map<String, Boolean> inScope = new HashMap<>();
  private final Map<String, Set<String>> children = new HashMap<>();
  private final Set<String> touchedCases = new HashSet<>();
  private final List<AuditEvent> audits = new ArrayList<>();
  /** Prefetched for the whole batch, then kept up to date as items are decided. */
  private Map<String, RecordRow> records = Map.of();
  private Map<String, StoredOutcome> stored = Map.of();
  private long nextSeq;
  /** The device's own revision the one being decided replaced, if any (see decide). */
  private List<String> replaced = List.of();
  /**
   * Revs stored by this push: a client never pushes two revisions of one record in one push,
   * so one of them cannot have replaced the other after a lost answer; such siblings stay
   * concurrent.
   */
  private final Set<String> batch = new HashSet<>();
  private int seqLeft;

  PushDecider(Tx tx, Principal who, long now, HybridLogicalClock clock) {
    this.tx = tx;
    this.who = who;
    this.now = now;
    this.clock = clock;
  }

  Set<String> touchedCases() {
    return touchedCases;
  }

  /** One audit event per push outcome, plus one per merge the server made. */
  List<AuditEvent> audits() {
    return audits;
  }

  List<PushOutcome> decideAll(List<Revision> revs, List<ValidationResult> validations,
      List<String> signatures, List<List<String>> proofs)
      throws SQLException {
    int storable = 0;
    for (ValidationResult v : validations) {
      storable += v.ok() ? 1 : 0;
    }
    if (storable > 0) {
      nextSeq = tx.feed().reserveSeqs(storable);
      seqLeft = storable;
    }
    // Two queries for the whole batch instead of two per item: the writer is the bottleneck.
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < revs.size(); i++) {
      if (validations.get(i).ok()) {
        ids.add(revs.get(i).id());
      }
    }
    records = new HashMap<>(tx.revisions().current(ids));
    stored = new HashMap<>(tx.revisions().storedOutcomes(ids));
    PushOutcome[] out = new PushOutcome[revs.size()];
    int[] order = oldestFirst(revs);
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      Revision r = revs.get(i);
      sig = i < signatures.size() ? signatures.get(i) : null;
      proof = i < proofs.size() ? proofs.get(i) : null;
      PushOutcome o = decide(r, validations.get(i));
      if (k == order.length - 1 && seqLeft > 0) {
        tx.feed().releaseSeqs(nextSeq, seqLeft); // values reserved for items that were then refused
        seqLeft = 0;
      }
      out[i] = o;
      audits.add(AuditEvent.by(who, r.deviceId(), "push." + o.outcome().name().toLowerCase(
          Locale.ROOT), r.id(), "rev", r.rev(), "type", r.type(), "caseId", r.caseId(),
          "seq", o.seq(), "currentRev", o.currentRev(), "code",
          o.error() == null ? null : o.error().code()));
      if (o.outcome() == Outcome.MERGED && o.merged() != null
          && !o.merged().rev().equals(r.rev()) && Reconcile.SERVER_DEVICE.equals(
              o.merged().deviceId())) {
        audits.add(AuditEvent.by(who, Reconcile.SERVER_DEVICE, "merge", r.id(), "rev",
            o.merged().rev(), "parents", List.of(o.merged().parentRev(), r.rev())));
      }
    }
    return Arrays.asList(out);
  }

  /**
   * The order the batch's items are decided in: as sent, except that the revisions of one record
   * are taken oldest generation first, in the places that record's items hold. A tablet that
   * sent a record's second revision before its first (a reordered outbox) then gets the history
   * it meant, not a spurious merge of the two. Outcomes are still answered in request order.
   */
  static int[] oldestFirst(List<Revision> revs) {
    Map<String, List<Integer>> places = new LinkedHashMap<>();
    for (int i = 0; i < revs.size(); i++) {
      Revision r = revs.get(i);
      places.computeIfAbsent(r.id() == null ? "\0" + i : r.id(), k -> new ArrayList<>()).add(i);
    }
    int[] order = new int[revs.size()];
    for (List<Integer> at : places.values()) {
      List<Integer> byGeneration = new ArrayList<>(at);
      byGeneration.sort(Comparator.comparingInt(i -> generation(revs.get(i))));
      for (int k = 0; k < at.size(); k++) {
        order[at.get(k)] = byGeneration.get(k);
      }
    }
    return order;
  }

  private static int generation(Revision r) {
    return r.rev() != null && Revisions.isWellFormed(r.rev()) ? r.generation() : 0;
  }

  private PushOutcome decide(Revision r, ValidationResult v) throws SQLException {
    for (String code : List.of(CODE_SIGNATURE_INVALID, CODE_DEVICE_MISMATCH)) {
      if (v.has(code)) {
        return rejected(r, code, v.errors().get(0).message(), v.errors());
      }
    }
    if (!v.ok()) {
      boolean unknownType = v.has(ErrorCodes.RECORD_TYPE_UNKNOWN);
      return rejected(r, unknownType ? ErrorCodes.RECORD_TYPE_UNKNOWN : ErrorCodes.RECORD_INVALID,
          unknownType ? "this server does not know record type '" + r.type() + "'"
              : "the record is not valid: " + v.errors().get(0).message(), v.errors());
    }
    StoredOutcome before = stored.get(r.id() + "\n" + r.rev());
    if (before != null) {
      RecordRow row = records.get(r.id());
      Outcome first = outcome(before.outcome());
      Revision merged = null;
      if (first == Outcome.MERGED && row != null) {
        merged = tx.revisions().revision(r.id(), row.currentRev()).orElse(null);
      }
      // A duplicate of a side of a conflict still under review says why, as the first answer
      // did, so a client whose first answer was lost can show the reason and the fields.
      Problem review = null;
      if (first == Outcome.CONFLICT && row != null && CONFLICTED.equals(row.status())) {
        Optional<ConflictRow> open = tx.conflicts().open(r.id());
        if (open.isPresent()) {
          review = conflictProblem(open.get().fields(), Map.of(),
              tx.conflicts().sides(open.get().id()).size());
        }
      }
      return new PushOutcome(r.id(), r.rev(), Outcome.DUPLICATE, before.seq(),
          row == null ? null : row.currentRev(), first, merged, review,
          receipt(r, before.seq(), before.receivedAt(), before.outcome()));
    }
    Optional<RecordRow> current = Optional.ofNullable(records.get(r.id()));
    PushOutcome refused = authorise(r, current);
    if (refused != null) {
      return refused;
    }
    // A device whose push was stored but whose answer was lost still holds that revision as
    // pending; a further edit replaces it (same parent, PROTOCOL 10.2). The replacement carries
    // the stored one's content, so it stands on it: without this the device would conflict
    // with itself. The record's rules are then checked against what it stands on: a child's
    // words sealed by the lost revision stay sealed in its replacement.
    List<HistoryRow> history = current.isEmpty() ? List.of() : tx.revisions().history(r.id());
    String parent = current.isEmpty() ? r.parentRev()
        : Reconcile.standsOn(history.stream().filter(h -> !batch.contains(h.revision().rev()))
            .toList(), r);
    refused = protectedFields(r, current, parent);
    if (refused != null) {
      return refused;
    }
    long seq = takeSeq();
    touchedCases.add(r.caseId() == null ? "" : r.caseId());
    // Stored as a further parent, so later merges see that this revision descends from it.
    replaced = parent != null && !parent.equals(r.parentRev()) ? List.of(parent) : List.of();
    if (current.isEmpty() || !CONFLICTED.equals(current.get().status()) && parent != null
        && parent.equals(current.get().currentRev())) {
      tx.revisions().insertSignedRevision(r, who.userId(), seq, "accepted", now, sig, proof,
          replaced);
      batch.add(r.rev());
      tx.revisions().putCurrent(r, seq, CURRENT, now);
      records.put(r.id(), new RecordRow(r.id(), r.type(), r.caseId(), r.rev(), seq, CURRENT));
      stored.put(r.id() + "\n" + r.rev(), new StoredOutcome("accepted", seq, now));
      return new PushOutcome(r.id(), r.rev(), Outcome.ACCEPTED, seq, r.rev(), null, null, null,
          receipt(r, seq, now, "accepted"));
    }
    RecordRow cur = current.get();
    Revision winner = tx.revisions().revision(r.id(), cur.currentRev()).orElseThrow();
    String baseRev = Reconcile.commonAncestor(history, cur.currentRev(), parent);
    Revision base = baseRev == null ? null : tx.revisions().revision(r.id(), baseRev).orElse(null);
    if (!CONFLICTED.equals(cur.status())) {
      List<Revision> sides = Reconcile.concurrentSides(history, winner, r, baseRev);
      MergeResult m = Reconcile.merge(r.type(), base, sides);
      // A merge always becomes a revision, even when its content is the winner's: the pushed
      // side is then its parent in the graph, so later merges order its additions by its own
      // clock (see Reconcile.concurrentSides) whatever order the sides arrived in.
      Optional<Revision> merged = m.merged().map(content -> Reconcile.serverRevision(clock,
          winner, List.of(r), content.caseId(), content.childIds(), content.deleted(),
          content.body(), Reconcile.SERVER_AUTHOR, Reconcile.SERVER_DEVICE));
      if (merged.isPresent() && RecordValidator.validate(merged.get()).ok()
          && mergeAllowed(winner, sides, merged.get())) {
        return merged(r, merged.get(), seq);
      }
    }
    return conflict(r, cur, winner, baseRev, seq);
  }

  /**
   * Whether the record gate lets the server's merge replace the current winner. A merge that
   * would break a record rule is not made: the sides go to a sync admin instead.
   */
  private static boolean mergeAllowed(Revision winner, List<Revision> sides, Revision merged) {
    RecordType type = RecordType.fromWire(merged.type()).orElseThrow();
    List<RecordState> states = new ArrayList<>();
    states.add(RecordState.of(winner));
    sides.forEach(s -> states.add(RecordState.of(s)));
    return RecordGate.allows(Transition.merge(type, RecordState.of(winner), states,
        RecordState.of(merged)));
  }

  /** A clean merge: the pushed revision is kept, and the merge (if new) becomes current. */
  private PushOutcome merged(Revision r, Revision merged, long seq)
      throws SQLException {
    tx.revisions().insertSignedRevision(r, who.userId(), seq, "merged", now, sig, proof,
        replaced);
    batch.add(r.rev());
    long currentSeq = takeSeq();
    tx.revisions().insertRevision(merged, who.userId(), currentSeq, "merge", now, List.of(r.rev()));
    tx.revisions().putCurrent(merged, currentSeq, CURRENT, now);
    records.put(r.id(), new RecordRow(r.id(), merged.type(), merged.caseId(), merged.rev(),
        currentSeq, CURRENT));
    stored.put(r.id() + "\n" + r.rev(), new StoredOutcome("merged", seq, now));
    return new PushOutcome(r.id(), r.rev(), Outcome.MERGED, currentSeq, merged.rev(), null,
        merged, null, receipt(r, seq, now, "merged"));
  }

  /** Opens the record's conflict, or joins the open one as one more side. */
  private PushOutcome conflict(Revision r, RecordRow cur, Revision winner, String baseRev,
      long seq) throws SQLException {
    tx.revisions().insertSignedRevision(r, who.userId(), seq, "conflict", now, sig, proof,
        replaced);
    batch.add(r.rev());
    String conflictId = tx.conflicts().addSide(r.id(), baseRev, winner, r, seq, now);
    ConflictRow c = tx.conflicts().get(conflictId).orElseThrow();
    Revision base = c.baseRev() == null ? null
        : tx.revisions().revision(r.id(), c.baseRev()).orElse(null);
    List<Revision> sides = tx.conflicts().sides(conflictId).stream().map(HistoryRow::revision)
        .toList();
    MergeResult m = Reconcile.merge(r.type(), base, sides);
    // A clean merge lands here only when the merged record would not be valid, or the record
    // was already under review: then every field the sides disagree on is for the admin.
    List<String> fields = m.clean() ? Reconcile.differingFields(sides) : m.conflictingFields();
    tx.conflicts().setFields(conflictId, fields);
    tx.revisions().markConflicted(r.id(), seq, now);
    records.put(r.id(), new RecordRow(cur.recordId(), cur.type(), cur.caseId(), cur.currentRev(),
        seq, CONFLICTED));
    stored.put(r.id() + "\n" + r.rev(), new StoredOutcome("conflict", seq, now));
    return new PushOutcome(r.id(), r.rev(), Outcome.CONFLICT, seq, cur.currentRev(), null, null,
        conflictProblem(fields, m.byName(), sides.size()), receipt(r, seq, now, "conflict"));
  }

  /** Why a record is under review: a stable code, and one field error per conflicting field. */
  static Problem conflictProblem(List<String> fields, Map<String, FieldMerge> byName,
      int sides) {
    List<FieldError> errors = new ArrayList<>();
    for (String f : fields) {
      FieldMerge fm = byName.get(f);
      errors.add(new FieldError(f, CODE_FIELD_CONFLICT, fm != null && fm.reason() != null
          ? fm.reason() : "the versions differ in " + f));
    }
    return new Problem(CODE_CONFLICT, sides + " versions of this record changed "
        + (errors.isEmpty() ? "it" : String.join(", ", errors.stream().map(FieldError::field)
            .toList())) + " differently; every version is kept and a sync admin will decide",
        0, null, errors);
  }

  /** What a device may change, decided by the record gate against the revision it edited. */
  private PushOutcome protectedFields(Revision r, Optional<RecordRow> current, String standsOn)
      throws SQLException {
    RecordType type = RecordType.fromWire(r.type()).orElseThrow();
    RecordState parent = null;
    if (current.isPresent()) {
      Optional<Revision> stored = standsOn == null ? Optional.empty()
          : tx.revisions().revision(r.id(), standsOn);
      if (stored.isEmpty()) {
        stored = tx.revisions().revision(r.id(), current.get().currentRev());
      }
      parent = stored.map(RecordState::of).orElse(null);
    }
    List<FieldError> errors = RecordGate.check(Transition.device(type, who.userId(), parent,
        RecordState.of(r)));
    if (errors.isEmpty()) {
      return null;
    }
    return rejected(r, errors.get(0).code(), errors.get(0).message(), errors);
  }

  /** An unsigned receipt; the push route signs it off the writer thread. */
  private static Receipt receipt(Revision r, long seq, long at, String outcome) {
    return new Receipt(r.id(), r.rev(), seq, at, outcome, null, null, null);
  }

  /** Role, authorship, case scope, children of the case, and FNSP's meeting; null if allowed. */
  private PushOutcome authorise(Revision r, Optional<RecordRow> current) throws SQLException {
    RecordType type = RecordType.fromWire(r.type()).orElseThrow();
    boolean writesCases = who.has(Principal.FAMILY_WORKER) || who.has(Principal.SOCIAL_WORKER)
        || who.has(Principal.TEAM_MANAGER);
    boolean feedbackOnly = !writesCases && who.has(Principal.ENGAGEMENT_OFFICER);
    boolean partner = !writesCases && who.has(Principal.PARTNER_PRACTITIONER);
    if (partner && PARTNER_TYPES.contains(type) && r.caseId() != null) {
      PushOutcome refused = partnerRule(r, current);
      if (refused != null) {
        return refused;
      }
    } else if (!writesCases && !(feedbackOnly && type == RecordType.FAMILY_FEEDBACK)) {
      return rejected(r, ErrorCodes.SCOPE_ROLE_FORBIDDEN,
          "your role may not record a " + r.type(), List.of());
    }
    if (!r.authorId().equals(who.userId()) && !r.authorId().equals(who.username())) {
      return rejected(r, CODE_AUTHOR_MISMATCH,
          "a revision must be authored by the signed-in user", List.of());
    }
    if (r.caseId() == null) {
      return who.has(Principal.ENGAGEMENT_OFFICER) ? null
          : rejected(r, ErrorCodes.SCOPE_CASE_NOT_ALLOCATED,
              "only engagement officers may record feedback without a case", List.of());
    }
    if (!inScope(r.caseId()) || current.isPresent() && current.get().caseId() != null
        && !inScope(current.get().caseId())) {
      return rejected(r, ErrorCodes.SCOPE_CASE_NOT_ALLOCATED,
          "case " + r.caseId() + " is not allocated to you", List.of());
    }
    if (current.isPresent() && !tx.restrictions().visibleTo(r.id(), who.userId())) {
      return rejected(r, CODE_RESTRICTED, "this record is restricted to named workers",
          List.of());
    }
    Set<String> kids = children.computeIfAbsent(r.caseId(), this::childrenOf);
    for (String child : r.childIds()) {
      if (!kids.contains(child)) {
        return rejected(r, ErrorCodes.RECORD_INVALID, "child " + child + " is not in case "
            + r.caseId(), List.of(new FieldError("childIds", CODE_CHILD_NOT_IN_CASE,
                "child " + child + " is not a child of this case")));
      }
    }
    if (!r.deleted()) {
      PushOutcome missing = attachmentRule(r);
      if (missing != null) {
        return missing;
      }
    }
    return type == RecordType.FNSP_REQUEST && !r.deleted() ? meetingRule(r) : null;
  }

  /**
   * A partner-agency practitioner writes their own entries into the shared family record of a
   * case allocated to them: they may create one, and change one they wrote, but never change
   * another's entry (they may not even see it: consent decides that).
   */
  private PushOutcome partnerRule(Revision r, Optional<RecordRow> current) throws SQLException {
    if (current.isEmpty()) {
      return null;
    }
    Optional<Revision> cur = tx.revisions().revision(r.id(), current.get().currentRev());
    boolean own = cur.isPresent() && (cur.get().authorId().equals(who.userId())
        || cur.get().authorId().equals(who.username()));
    return own ? null : rejected(r, ErrorCodes.SCOPE_ROLE_FORBIDDEN,
        "a partner-agency practitioner changes only their own entries", List.of());
  }

  /**
   * Every attachment a record names must already be on the server for its case (the device
   * uploads the bytes first), so a record never points at content nobody can fetch.
   */
  private PushOutcome attachmentRule(Revision r) throws SQLException {
    JsonNode list = ProtocolCodec.readTree(r.body())
        .path("attachments");
    for (int i = 0; i < list.size(); i++) {
      String sha = list.get(i).path("sha256").asText("");
      if (!tx.attachments().exists(r.caseId(), sha)) {
        return rejected(r, ErrorCodes.RECORD_INVALID, "an attachment of this record has not"
            + " reached the server; it is sent again with the next sync", List.of(
                new FieldError("attachments." + i, CODE_ATTACHMENT_MISSING, "no attachment "
                    + sha + " in this case")));
      }
    }
    return null;
  }

  /** An FNSP request must come from an independently facilitated FNM or FGC of its case. */
  private PushOutcome meetingRule(Revision r) throws SQLException {
    FnspRequest f = ProtocolCodec.decodeBody(r.body(), FnspRequest.class);
    Optional<RecordRow> meetingRow = tx.revisions().current(f.meetingId());
    Optional<Revision> meeting = meetingRow
        .filter(m -> m.type().equals(RecordType.FAMILY_MEETING.wireName())
            && r.caseId().equals(m.caseId()))
        .flatMap(m -> {
          try {
            return tx.revisions().revision(m.recordId(), m.currentRev());
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
    if (meeting.isEmpty() || meeting.get().deleted()) {
      return rejected(r, ErrorCodes.RECORD_INVALID, "the FNSP request's meeting is not on the "
          + "case record; sync the family meeting first", List.of(new FieldError("meetingId",
              CODE_MEETING_UNKNOWN, "no family meeting " + f.meetingId() + " in this case")));
    }
    try {
      FamilyMeeting m = ProtocolCodec.decodeBody(meeting.get().body(), FamilyMeeting.class);
      if (!m.independentlyFacilitated()) {
        return rejected(r, ErrorCodes.RECORD_INVALID, "an FNSP must come from an independently"
            + " facilitated meeting", List.of(new FieldError("meetingId",
                CODE_MEETING_NOT_INDEPENDENT,
                "the meeting's facilitator had prior involvement in the case")));
      }
    } catch (ProtocolException e) {
      return rejected(r, ErrorCodes.RECORD_INVALID, "the linked meeting cannot be read",
          List.of(new FieldError("meetingId", CODE_MEETING_UNKNOWN, "unreadable meeting")));
    }
    return null;
  }

  private boolean inScope(String caseId) throws SQLException {
    Boolean cached = inScope.get(caseId);
    if (cached == null) {
      cached = tx.directory().caseInScope(who.scope(), caseId);
      inScope.put(caseId, cached);
    }
    return cached;
  }

  private Set<String> childrenOf(String caseId) {
    try {
      return tx.directory().caseChildren(List.of(caseId)).getOrDefault(caseId, Set.of());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long takeSeq() throws SQLException {
    if (seqLeft == 0) {
      nextSeq = tx.feed().reserveSeqs(1);
      seqLeft = 1;
    }
    seqLeft--;
    return nextSeq++;
  }

  private static PushOutcome rejected(Revision r, String code, String message,
      List<FieldError> errors) {
    return new PushOutcome(r.id(), r.rev(), Outcome.REJECTED, null, null, null, null,
        new Problem(code, message, 0, null, errors));
  }

  private static Outcome outcome(String stored) {
    return "conflict".equals(stored) ? Outcome.CONFLICT
        : "merged".equals(stored) ? Outcome.MERGED : Outcome.ACCEPTED;
  }
}
