package org.fieldsync.server.caserecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.gate.RecordState;
import org.fieldsync.protocol.gate.Transition;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.RecordRow;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.sync.PokeHub;
import org.fieldsync.server.sync.Reconcile;

/**
 * {@code POST /api/v1/records/{id}/decision}: a manager approves or declines a submitted FNSP
 * request under the scheme of delegation. Each manager may approve up to their own limit (by
 * grade); a larger amount goes up a level to a manager whose limit covers it: the manager sends
 * it there ({@code referred}), which names them on the request, on every tablet. Nobody decides a
 * request they submitted. The decision is server-owned, so it is a revision the server writes;
 * it reaches every tablet like any change, and it is audited.
 */
public final class FnspDecisionRoutes implements RouteModule {
  static final String CODE_NOT_DECIDABLE = "decision.notDecidable";
  static final String CODE_UNDER_REVIEW = "decision.underReview";
  static final String CODE_ABOVE_DELEGATION = "decision.aboveDelegation";
  static final String CODE_OWN_REQUEST = "decision.ownRequest";
  static final String CODE_INVALID = "decision.invalid";
  private static final int NOTE_MAX = 2_000;

  private final Store store;
  private final HybridLogicalClock clock;
  private final AuditService audit;

  /**
   * The decision route.
   *
   * @param store records, revisions and approval limits
   * @param clock the server's clock, for the revision it writes
   * @param audit records refused decisions
   */
  public FnspDecisionRoutes(Store store, HybridLogicalClock clock, AuditService audit) {
    this.store = store;
    this.clock = clock;
    this.audit = audit;
  }

  @Override
  public void mount(Router router, Http http) {
    router.post(Http.PREFIX + "/records/:id/decision").handler(http.bodies())
        .handler(http.auth()).handler(ctx -> decide(ctx, http));
  }

  private void decide(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.TEAM_MANAGER);
    Principal who = http.principal(ctx);
    String id = ctx.pathParam("id");
    if (id == null || id.isBlank() || id.length() > 128) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "the record id is invalid");
    }
    byte[] body = http.body(ctx);
    http.blocking(ctx, () -> {
      long now = http.now();
      Map<String, Object> out;
      try {
        out = store.write(tx -> {
          RecordRow rec = RecordAccess.inScope(tx, who, id);
          JsonNode req = ProtocolCodec.decode(body, JsonNode.class);
          String decision = req.path("decision").asText("");
          String note = req.path("note").isTextual() ? req.path("note").asText().strip() : "";
          if (!List.of("approved", "declined", "referred").contains(decision)) {
            throw invalid("decision", "decision must be approved, declined or referred (sent up"
                + " a level)");
          }
          if (decision.equals("declined") && note.isEmpty()) {
            throw invalid("note", "say why the request is declined: the family and the worker"
                + " will read it");
          }
          if (note.length() > NOTE_MAX) {
            throw invalid("note", "the note is longer than " + NOTE_MAX + " characters");
          }
          if (!RecordType.FNSP_REQUEST.wireName().equals(rec.type())) {
            throw new ApiException(400, CODE_NOT_DECIDABLE, "only FNSP requests are approved"
                + " or declined");
          }
          if ("conflicted".equals(rec.status())) {
            throw new ApiException(409, CODE_UNDER_REVIEW, "this request is under review by a"
                + " sync admin; decide it once the conflict is resolved");
          }
          Revision current = tx.revisions().revision(id, rec.currentRev()).orElseThrow();
          ObjectNode fields = (ObjectNode) ProtocolCodec.readTree(current.body());
          long amount = fields.path("amountPence").asLong(0);
          long limit = tx.directory().approvalLimitPence(who.userId());
          boolean refer = decision.equals("referred");
          if (refer) {
            // Above my limit: it goes up a level. The request stays submitted, and says who sent
            // it up and why, on every tablet that holds it.
            if (amount <= limit && "submitted".equals(fields.path("status").asText())) {
              throw invalid("decision", pounds(amount) + " is within your delegated limit of "
                  + pounds(limit) + ": approve or decline it");
            }
            fields.put("referredBy", who.userId());
            fields.put("referredAt", Instant.ofEpochMilli(now).toString());
            if (note.isEmpty()) {
              fields.remove("referralNote");
            } else {
              fields.put("referralNote", note);
            }
          } else {
            fields.put("status", decision);
            fields.put("decidedBy", who.userId());
            fields.put("decidedAt", Instant.ofEpochMilli(now).toString());
            if (note.isEmpty()) {
              fields.remove("decisionNote");
            } else {
              fields.put("decisionNote", note);
            }
          }
          Revision decided = Reconcile.serverRevision(clock, current,
              List.of(), current.caseId(), current.childIds(), current.deleted(),
              CanonicalJson.canonicalize(fields), who.userId(), "server");
          GateProblems.require(Transition.decision(RecordType.FNSP_REQUEST, who.userId(),
              RecordState.of(current), RecordState.of(decided)));
          if (current.authorId().equals(who.userId())) {
            throw new ApiException(403, CODE_OWN_REQUEST, "a request is decided by a manager"
                + " other than the one who submitted it");
          }
          if (decision.equals("approved") && amount > limit) {
            throw new ApiException(403, CODE_ABOVE_DELEGATION, pounds(amount) + " is above"
                + " your delegated limit of " + pounds(limit) + "; it goes up a level, to a"
                + " manager whose limit covers it");
          }
          long seq = tx.feed().reserveSeqs(1);
          tx.revisions().insertRevision(decided, who.userId(), seq, "decision", now);
          tx.revisions().putCurrent(decided, seq, "current", now);
          String action = refer ? "fnsp.refer"
              : decision.equals("approved") ? "fnsp.approve" : "fnsp.decline";
          AuditChain.append(tx, List.of(AuditEvent.by(who, null, action, id, "rev",
              decided.rev(), "caseId", decided.caseId(), "amountPence", amount, "limitPence",
              limit)), now);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("recordId", id);
          m.put("status", refer ? "submitted" : decision);
          m.put("referred", refer);
          m.put("rev", decided.rev());
          m.put("seq", seq);
          m.put("caseId", decided.caseId());
          return m;
        });
      } catch (ApiException e) {
        if (e.status() == 403) {
          audit.record(AuditEvent.by(who, null, "fnsp.decision.refused", id, "code",
              e.code()));
        }
        throw e;
      }
      PokeHub.pokeCase(ctx.vertx(), store, (String) out.get("caseId"));
      return out;
    }, 200);
  }

  private static String pounds(long pence) {
    return String.format(Locale.UK, "£%,d.%02d", pence / 100, pence % 100);
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(400, CODE_INVALID, message,
        List.of(new FieldError(field, CODE_INVALID, message)));
  }
}
