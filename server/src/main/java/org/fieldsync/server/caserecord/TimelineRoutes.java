package org.fieldsync.server.caserecord;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.wire.RecordChange;
import org.fieldsync.protocol.wire.TimelineResponse;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.Store;

/**
 * {@code GET /api/v1/cases/{caseId}/timeline}: every current record of a case in HLC order, the
 * reconciled case record that an export to the case management system reads. Only for users who
 * hold the case.
 */
public final class TimelineRoutes implements RouteModule {
  private final Store store;

  public TimelineRoutes(Store store) {
    this.store = store;
  }

  @Override
  public void mount(Router router, Http http) {
    router.get(Http.PREFIX + "/cases/:caseId/timeline").handler(http.auth())
        .handler(ctx -> timeline(ctx, http));
  }

  private void timeline(RoutingContext ctx, Http http) {
    Principal who = http.principal(ctx);
    String caseId = ctx.pathParam("caseId");
    if (caseId == null || caseId.isBlank() || caseId.length() > 128) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "caseId is invalid");
    }
    http.blocking(ctx, () -> store.read(tx -> {
      if (!tx.directory().caseInScope(who.scope(), caseId)) {
        throw new ApiException(403, ErrorCodes.SCOPE_CASE_NOT_ALLOCATED,
            "case " + caseId + " is not allocated to you");
      }
      // A partner's timeline holds what the case's consent shares with their agency and their
      // own entries: the same scope as their tablet's feed.
      return new TimelineResponse(caseId, tx.feed().timeline(caseId, who.userId(), who.scope())
          .stream().filter(r -> !r.withheld())
          .map(r -> new RecordChange(r.seq(), r.revision(), r.status(),
              RecordChange.originOf(r.outcome()), r.note(), r.reviewFields(), r.authorAgency()))
          .toList());
    }), 200);
  }
}
