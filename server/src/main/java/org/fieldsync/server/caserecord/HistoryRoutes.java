package org.fieldsync.server.caserecord;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.ConflictRow;
import org.fieldsync.server.store.HistoryRow;
import org.fieldsync.server.store.RecordRow;
import org.fieldsync.server.store.Store;

/**
 * {@code GET /api/v1/records/{id}/history}: every revision of a record, with author, device, time
 * and what the server did with it, so a reviewer can see how the record came to be. For sync
 * admins and for users who hold the record's case.
 */
public final class HistoryRoutes implements RouteModule {
  private final Store store;
  private final AuditService audit;

  public HistoryRoutes(Store store, AuditService audit) {
    this.store = store;
    this.audit = audit;
  }

  @Override
  public void mount(Router router, Http http) {
    router.get(Http.PREFIX + "/records/:id/history").handler(http.auth())
        .handler(ctx -> history(ctx, http));
  }

  private void history(RoutingContext ctx, Http http) {
    Principal who = http.principal(ctx);
    String id = ctx.pathParam("id");
    if (id == null || id.isBlank() || id.length() > 128) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "the record id is invalid");
    }
    http.blocking(ctx, () -> store.read(tx -> {
      RecordRow rec = tx.revisions().current(id).orElse(null);
      // A sync admin sees case content only where a conflict brought the record to them.
      boolean allowed = rec != null && (rec.caseId() != null
          && tx.directory().recordInScope(who.scope(), id, rec.caseId())
          || who.has(Principal.SYNC_ADMIN) && tx.conflicts().had(id));
      if (allowed && !tx.restrictions().visibleTo(id, who.userId())) {
        allowed = false; // restricted to named workers: not even a sync admin sees it otherwise
      }
      if (!allowed) {
        // The same answer for "absent" and "not yours": ids of other families' records leak
        // nothing.
        throw new ApiException(404, ErrorCodes.RECORD_NOT_FOUND,
            "no record " + id + " that you may see");
      }
      ReadableNames names = new ReadableNames(tx);
      RecordType type = RecordType.fromWire(rec.type()).orElse(null);
      // A resolution's reason is the conflict's: who decided and why, beside what changed.
      Map<String, ConflictRow> resolvedBy = new HashMap<>();
      for (ConflictRow c : tx.conflicts().ofRecord(id)) {
        if (c.resolutionRev() != null) {
          resolvedBy.put(c.resolutionRev(), c);
        }
      }
      List<Map<String, Object>> revisions = new ArrayList<>();
      for (HistoryRow h : tx.revisions().history(id)) {
        Revision r = h.revision();
        JsonNode body = ProtocolCodec.readTree(r.body());
        names.usersIn(type, body);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rev", r.rev());
        m.put("parentRev", r.parentRev());
        m.put("otherParents", h.otherParents());
        m.put("generation", r.generation());
        m.put("authorId", r.authorId());
        m.put("authorName", names.user(r.authorId()));
        m.put("deviceId", r.deviceId());
        m.put("deviceName", names.device(r.deviceId()));
        m.put("hlc", r.hlc());
        m.put("receivedAt", h.receivedAt());
        m.put("seq", h.seq());
        m.put("outcome", h.outcome());
        ConflictRow resolved = resolvedBy.get(r.rev());
        if (resolved != null) {
          m.put("conflictId", resolved.id());
          m.put("reason", resolved.reason());
        }
        m.put("deleted", r.deleted());
        m.put("caseId", r.caseId());
        m.put("childIds", r.childIds());
        m.put("body", body);
        revisions.add(m);
      }
      if (who.has(Principal.SYNC_ADMIN)
          && (rec.caseId() == null || !tx.directory().caseInScope(who.scope(), rec.caseId()))) {
        audit.record(AuditEvent.by(who, null, "admin.read.history", id, "caseId",
            rec.caseId()));
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("recordId", id);
      out.put("type", rec.type());
      out.put("caseId", rec.caseId());
      out.put("caseLabel", names.caseLabel(rec.caseId()));
      out.put("currentRev", rec.currentRev());
      out.put("status", rec.status());
      out.put("revisions", revisions);
      out.put("people", names.people());
      return out;
    }), 200);
  }
}
