package org.fieldsync.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.gate.RecordGate;
import org.fieldsync.protocol.gate.RecordState;
import org.fieldsync.protocol.gate.Transition;
import org.fieldsync.protocol.merge.FieldLabels;
import org.fieldsync.protocol.merge.FieldMerge;
import org.fieldsync.protocol.merge.FieldShape;
import org.fieldsync.protocol.merge.Merge;
import org.fieldsync.protocol.merge.MergeResult;
import org.fieldsync.protocol.merge.MergeRules;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.protocol.validation.RecordValidator;
import org.fieldsync.protocol.validation.ValidationResult;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.caserecord.ReadableNames;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.store.ConflictRow;
import org.fieldsync.server.store.HistoryRow;
import org.fieldsync.server.store.Tx;
import org.fieldsync.server.sync.Reconcile;

/**
 * A conflict as a sync admin sees it (base, every side, field by field), and its resolution: a
 * new revision that descends from every side and records who decided, when and why.
 */
final class ConflictReview {
  static final String CODE_NOT_FOUND = "conflict.notFound";
  static final String CODE_ALREADY_RESOLVED = "conflict.alreadyResolved";
  static final String CODE_CHOICE_MISSING = "conflict.choice.missing";
  static final String CODE_CHOICE_INVALID = "conflict.choice.invalid";
  static final String CODE_REASON_REQUIRED = "conflict.reason.required";
  static final int MAX_REASON = 2_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ConflictReview() {}

  /** Everything the console's conflict page shows. */
  static Map<String, Object> detail(Tx tx, Principal admin, String id) throws Exception {
    ConflictRow c = tx.conflicts().get(id).orElseThrow(() -> notFound(id));
    restricted(tx, admin, c);
    Loaded l = load(tx, c);
    RecordType type = RecordType.fromWire(c.type()).orElse(null);
    ReadableNames names = new ReadableNames(tx);
    Revision resolution = c.resolutionRev() == null ? null
        : tx.revisions().revision(c.recordId(), c.resolutionRev()).orElse(null);
    List<Map<String, Object>> sides = new ArrayList<>();
    for (HistoryRow h : l.sides) {
      Revision r = h.revision();
      names.usersIn(type, ProtocolCodec.readTree(r.body()));
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("rev", r.rev());
      s.put("authorId", r.authorId());
      s.put("authorName", names.user(r.authorId()));
      s.put("deviceId", r.deviceId());
      s.put("deviceName", names.device(r.deviceId()));
      s.put("hlc", r.hlc());
      s.put("receivedAt", h.receivedAt());
      s.put("deleted", r.deleted());
      sides.add(s);
    }
    if (l.base != null) {
      names.usersIn(type, ProtocolCodec.readTree(l.base.body()));
    }
    List<Map<String, Object>> fields = new ArrayList<>();
    for (FieldMerge f : l.merge.fields()) {
      JsonNode base = value(l.base, f.name());
      List<JsonNode> values = new ArrayList<>();
      List<Boolean> differs = new ArrayList<>();
      for (HistoryRow h : l.sides) {
        JsonNode v = value(h.revision(), f.name());
        values.add(v);
        differs.add(!same(base, v));
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("label", label(type, f.name()));
      m.put("rule", f.rule().wireName());
      boolean conflicting = l.conflicting.contains(f.name());
      m.put("conflicting", conflicting);
      m.put("editable", type != null && RecordGate.editableInResolution(type, f.name()));
      m.put("base", base);
      m.put("values", values);
      m.put("differs", differs);
      if (!conflicting) {
        m.put("merged", f.merged());
      } else if (f.reason() != null) {
        m.put("reason", f.reason());
      }
      if (resolution != null) {
        m.put("resolved", value(resolution, f.name()));
      }
      fields.add(m);
    }
    Map<String, Object> out = summary(c, names.caseLabel(c.caseId()));
    out.put("baseRev", c.baseRev());
    out.put("sides", sides);
    out.put("fields", fields);
    if (c.resolutionRev() != null) {
      Map<String, Object> res = new LinkedHashMap<>();
      res.put("rev", c.resolutionRev());
      res.put("resolvedBy", c.resolvedBy());
      res.put("resolvedByName", names.user(c.resolvedBy()));
      res.put("resolvedAt", c.resolvedAt());
      res.put("reason", c.reason());
      out.put("resolution", res);
    } else {
      out.put("resolution", null);
    }
    out.put("people", names.people());
    return out;
  }

  /** A field's label for people; an envelope field's or one a newer peer added keeps its name. */
  private static String label(RecordType type, String field) {
    for (FieldShape e : FieldLabels.envelope()) {
      if (e.name().equals(field)) {
        return e.label();
      }
    }
    return type == null ? field : FieldLabels.label(type, field).orElse(field);
  }

  /** A queue row; {@code caseLabel} is the family's label, shown with the case id. */
  static Map<String, Object> summary(ConflictRow c, String caseLabel) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", c.id());
    out.put("recordId", c.recordId());
    out.put("recordType", c.type());
    out.put("caseId", c.caseId());
    out.put("caseLabel", caseLabel);
    out.put("locality", c.locality());
    out.put("teamId", c.teamId());
    out.put("status", c.status());
    out.put("openedAt", c.openedAt());
    out.put("sides", c.sides());
    out.put("fields", c.fields());
    return out;
  }

  /**
   * Resolves an open conflict. Inside the write transaction: the check that it is still open
   * and the write of the resolution are one step, so of two admins only the first succeeds.
   *
   * @return the resolution revision and its sequence
   */
  static Resolved resolve(Tx tx, HybridLogicalClock clock, Principal admin, String id,
      JsonNode request, long now) throws Exception {
    ConflictRow c = tx.conflicts().get(id).orElseThrow(() -> notFound(id));
    restricted(tx, admin, c);
    if (!"open".equals(c.status())) {
      throw new ApiException(409, CODE_ALREADY_RESOLVED, "this conflict was already resolved by "
          + c.resolvedBy() + "; reload it to see the resolution");
    }
    String reason = request.path("reason").isTextual() ? request.path("reason").asText().strip()
        : "";
    if (reason.isEmpty() || reason.length() > MAX_REASON) {
      throw new ApiException(400, CODE_REASON_REQUIRED, "a reason (1 to " + MAX_REASON
          + " characters) is required to resolve a conflict",
          List.of(new FieldError("reason", CODE_REASON_REQUIRED, "give a reason")));
    }
    JsonNode choices = request.path("choices");
    if (!choices.isMissingNode() && !choices.isNull() && !choices.isObject()) {
      throw new ApiException(400, CODE_CHOICE_INVALID, "choices must be an object keyed by field");
    }
    Loaded l = load(tx, c);
    Map<String, FieldMerge> byName = l.merge.byName();
    Map<String, Revision> sidesByRev = new HashMap<>();
    l.sides.forEach(h -> sidesByRev.put(h.revision().rev(), h.revision()));
    List<FieldError> errors = new ArrayList<>();
    Map<String, JsonNode> chosen = new LinkedHashMap<>();
    Set<String> edited = new LinkedHashSet<>();
    if (choices.isObject()) {
      for (var e : choices.properties()) {
        String field = e.getKey();
        JsonNode choice = e.getValue();
        if (!byName.containsKey(field) && !MergeRules.fields(RecordType.fromWire(c.type())
            .orElseThrow()).containsKey(field)) {
          errors.add(new FieldError("choices." + field, CODE_CHOICE_INVALID,
              "no field " + field + " in this record"));
        } else if (choice.path("side").isTextual()) {
          Revision side = sidesByRev.get(choice.path("side").asText());
          if (side == null) {
            errors.add(new FieldError("choices." + field, CODE_CHOICE_INVALID,
                "no side " + choice.path("side").asText() + " in this conflict"));
          } else {
            chosen.put(field, value(side, field));
          }
        } else if (choice.has("value")) {
          chosen.put(field, choice.get("value"));
          edited.add(field);
        } else {
          errors.add(new FieldError("choices." + field, CODE_CHOICE_INVALID,
              "choose a side ({\"side\": rev}) or give a value ({\"value\": ...})"));
        }
      }
    }
    for (String f : l.conflicting) {
      if (!chosen.containsKey(f)) {
        errors.add(new FieldError("choices." + f, CODE_CHOICE_MISSING,
            "choose a side or give a value for " + f));
      }
    }
    if (!errors.isEmpty()) {
      throw new ApiException(400, errors.get(0).code(), errors.get(0).message(), errors);
    }
    ObjectNode body = NODES.objectNode();
    String caseId = null;
    List<String> childIds = new ArrayList<>();
    boolean deleted = false;
    for (FieldMerge f : l.merge.fields()) {
      JsonNode v = chosen.containsKey(f.name()) ? chosen.get(f.name())
          : f.merged() == null ? NullNode.getInstance() : f.merged();
      switch (f.name()) {
        case Merge.CASE_ID -> caseId = v.isTextual() ? v.asText() : null;
        case Merge.CHILD_IDS -> {
          if (!v.isArray()) {
            throw invalid(f.name(), "children must be a list of child ids");
          }
          v.forEach(n -> childIds.add(n.asText()));
        }
        case Merge.DELETED -> deleted = v.asBoolean(false);
        default -> {
          if (!v.isNull() && !v.isMissingNode()) {
            body.set(f.name(), v);
          }
        }
      }
    }
    // A declared field no side has (a decision's fields on a draft, say) can still be named; the
    // record gate then says whether this writer may set it.
    chosen.forEach((field, v) -> {
      if (!byName.containsKey(field) && !v.isNull() && !v.isMissingNode()) {
        body.set(field, v);
      }
    });
    List<Revision> sides = l.sides.stream().map(HistoryRow::revision).toList();
    Revision current = tx.revisions().revision(c.recordId(),
        tx.revisions().current(c.recordId()).orElseThrow().currentRev()).orElseThrow();
    String resolvedBody = CanonicalJson.canonicalize(body);
    List<FieldError> refused = RecordGate.check(Transition.resolution(
        RecordType.fromWire(c.type()).orElseThrow(), admin.userId(), RecordState.of(current),
        sides.stream().map(RecordState::of).toList(),
        new RecordState(caseId, childIds, deleted, resolvedBody), edited));
    if (!refused.isEmpty()) {
      List<FieldError> named = refused.stream().map(e -> new FieldError("choices." + e.field(),
          e.code(), e.message())).toList();
      throw new ApiException(422, named.get(0).code(), "this resolution would break a rule of"
          + " the record: " + named.get(0).message(), named);
    }
    // The primary parent is the current winner; but when the admin picks exactly what a side
    // wrote on top of that winner, the rev formula would give that side's rev again, so another
    // side becomes the primary parent. Every side is a parent either way.
    List<Revision> parents = new ArrayList<>();
    parents.add(current);
    for (int i = sides.size() - 1; i >= 0; i--) {
      parents.add(sides.get(i));
    }
    Set<String> existing = new HashSet<>();
    tx.revisions().history(c.recordId()).forEach(h -> existing.add(h.revision().rev()));
    Revision resolution = null;
    Revision parent = null;
    for (Revision candidate : parents) {
      Revision r = Reconcile.serverRevision(clock, candidate, sides, caseId, childIds, deleted,
          resolvedBody, admin.userId(), Reconcile.SERVER_DEVICE);
      if (!existing.contains(r.rev())) {
        resolution = r;
        parent = candidate;
        break;
      }
    }
    if (resolution == null) {
      throw new ApiException(409, CODE_CHOICE_INVALID, "this resolution is already in the"
          + " record's history; choose differently or edit a value");
    }
    ValidationResult v = RecordValidator.validate(resolution);
    if (!v.ok()) {
      throw new ApiException(422, ErrorCodes.RECORD_INVALID, "the resolved record is not valid: "
          + v.errors().get(0).message(), v.errors());
    }
    if (!tx.conflicts().resolve(id, admin.userId(), now, reason, resolution.rev())) {
      throw new ApiException(409, CODE_ALREADY_RESOLVED, "another sync admin resolved this"
          + " conflict first; reload it to see the resolution");
    }
    Set<String> others = new LinkedHashSet<>();
    sides.forEach(s -> others.add(s.rev()));
    others.remove(parent.rev());
    long seq = tx.feed().reserveSeqs(1);
    tx.revisions().insertRevision(resolution, admin.userId(), seq, "resolution", now,
        List.copyOf(others));
    tx.revisions().putCurrent(resolution, seq, "current", now);
    AuditChain.append(tx, List.of(AuditEvent.by(admin, null, "conflict.resolve", id,
        "recordId", c.recordId(), "rev", resolution.rev(), "sides", sides.size(), "reason",
        reason, "fields", List.copyOf(chosen.keySet()))), now);
    return new Resolved(id, resolution.rev(), seq, resolution.caseId());
  }

  /**
   * A resolution's answer.
   *
   * @param conflictId the conflict
   * @param rev the resolution revision
   * @param seq its server sequence
   * @param caseId the record's case, for pokes
   */
  record Resolved(String conflictId, String rev, long seq, String caseId) {}

  private record Loaded(Revision base, List<HistoryRow> sides, MergeResult merge,
      Set<String> conflicting) {}

  private static Loaded load(Tx tx, ConflictRow c) throws Exception {
    Revision base = c.baseRev() == null ? null
        : tx.revisions().revision(c.recordId(), c.baseRev()).orElse(null);
    List<HistoryRow> sides = tx.conflicts().sides(c.id());
    MergeResult m = Reconcile.merge(c.type(), base,
        sides.stream().map(HistoryRow::revision).toList());
    Set<String> conflicting = new LinkedHashSet<>(m.conflictingFields());
    conflicting.addAll(c.fields());
    return new Loaded(base, sides, m, conflicting);
  }

  /** A field's value in a revision; envelope pseudo-fields come from the envelope. */
  static JsonNode value(Revision r, String field) {
    if (r == null) {
      return NullNode.getInstance();
    }
    return switch (field) {
      case Merge.CASE_ID -> r.caseId() == null ? NullNode.getInstance() : TextNode.valueOf(
          r.caseId());
      case Merge.CHILD_IDS -> {
        var a = NODES.arrayNode();
        r.childIds().forEach(a::add);
        yield a;
      }
      case Merge.DELETED -> BooleanNode.valueOf(r.deleted());
      default -> {
        JsonNode n = ProtocolCodec.readTree(r.body()).path(field);
        yield n.isMissingNode() ? NullNode.getInstance() : n;
      }
    };
  }

  private static boolean same(JsonNode a, JsonNode b) {
    return CanonicalJson.canonicalize(a).equals(CanonicalJson.canonicalize(b));
  }

  static Map<String, String> names(Tx tx, List<String> userIds) throws Exception {
    Map<String, String> out = new HashMap<>();
    for (String id : new LinkedHashSet<>(userIds)) {
      if (id != null) {
        tx.directory().userById(id).ifPresent(u -> out.put(id, u.displayName()));
      }
    }
    return out;
  }

  /** A record restricted to named workers is shown and resolved only by a named admin. */
  private static void restricted(Tx tx, Principal admin, ConflictRow c) throws Exception {
    if (!tx.restrictions().visibleTo(c.recordId(), admin.userId())) {
      throw new ApiException(403, ErrorCodes.SCOPE_RECORD_RESTRICTED, "this record is restricted to"
          + " named workers; a sync admin named on it must resolve this conflict");
    }
  }

  private static ApiException notFound(String id) {
    return new ApiException(404, CODE_NOT_FOUND, "no conflict " + id);
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(400, CODE_CHOICE_INVALID, message,
        List.of(new FieldError("choices." + field, CODE_CHOICE_INVALID, message)));
  }
}
