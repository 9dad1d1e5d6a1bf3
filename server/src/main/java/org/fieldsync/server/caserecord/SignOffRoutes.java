package org.fieldsync.server.caserecord;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.CanonicalJson;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.gate.RecordState;
import org.fieldsync.protocol.gate.Transition;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.RecordRow;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.sync.PokeHub;
import org.fieldsync.server.sync.Reconcile;

/**
 * {@code POST /api/v1/records/{id}/sign-off}: the manager who led a supervision session signs
 * its note off. Sign-off is server-owned, so it is a revision the server writes; from then on the
 * note's decisions are sealed and change only by addendum. It reaches every tablet like any
 * change.
 */
public final class SignOffRoutes implements RouteModule {
  static final String CODE_NOT_SIGNABLE = "signoff.notSignable";
  static final String CODE_UNDER_REVIEW = "signoff.underReview";

  private final Store store;
  private final HybridLogicalClock clock;

  /**
   * The sign-off route.
   *
   * @param store records and revisions
   * @param clock the server's clock, for the revision it writes
   */
  public SignOffRoutes(Store store, HybridLogicalClock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public void mount(Router router, Http http) {
    router.post(Http.PREFIX + "/records/:id/sign-off").handler(http.auth())
        .handler(ctx -> signOff(ctx, http));
  }

  private void signOff(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.TEAM_MANAGER);
    Principal who = http.principal(ctx);
    String id = ctx.pathParam("id");
    if (id == null || id.isBlank() || id.length() > 128) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "the record id is invalid");
    }
    http.blocking(ctx, () -> {
      long now = http.now();
      Map<String, Object> out = store.write(tx -> {
        RecordRow rec = RecordAccess.inScope(tx, who, id);
        if (!RecordType.SUPERVISION_NOTE.wireName().equals(rec.type())) {
          throw new ApiException(400, CODE_NOT_SIGNABLE, "only supervision notes are signed off");
        }
        if ("conflicted".equals(rec.status())) {
          throw new ApiException(409, CODE_UNDER_REVIEW, "this note is under review by a sync"
              + " admin; sign it off once the conflict is resolved");
        }
        Revision current = tx.revisions().revision(id, rec.currentRev()).orElseThrow();
        ObjectNode body = (ObjectNode) ProtocolCodec.readTree(current.body());
        body.put("signedOffBy", who.userId());
        body.put("signedOffAt", Instant.ofEpochMilli(now).toString());
        Revision signed = Reconcile.serverRevision(clock, current,
            List.of(), current.caseId(), current.childIds(), current.deleted(),
            CanonicalJson.canonicalize(body), who.userId(), "server");
        GateProblems.require(Transition.signOff(RecordType.SUPERVISION_NOTE, who.userId(),
            RecordState.of(current), RecordState.of(signed)));
        long seq = tx.feed().reserveSeqs(1);
        tx.revisions().insertRevision(signed, who.userId(), seq, "sign-off", now);
        tx.revisions().putCurrent(signed, seq, "current", now);
        AuditChain.append(tx, List.of(AuditEvent.by(who, null, "signoff", id, "rev",
            signed.rev(), "caseId", signed.caseId())), now);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordId", id);
        m.put("rev", signed.rev());
        m.put("seq", seq);
        m.put("caseId", signed.caseId());
        return m;
      });
      PokeHub.pokeCase(ctx.vertx(), store, (String) out.get("caseId"));
      return out;
    }, 200);
  }
}
