package org.fieldsync.server.caserecord;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.wire.RecordChange;
import org.fieldsync.protocol.wire.TimelineResponse;
import org.fieldsync.server.Services;
import org.fieldsync.server.auth.Principal;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.ApiVerticle;
import org.fieldsync.server.http.Auth;

/**
 * {@code GET /api/v1/cases/{caseId}/timeline}: every current record of a case in HLC order, the
 * reconciled case record that an export to the case management system reads. Only for users who
 * hold the case.
 */
public final class TimelineRoutes {
  private final Services services;
  private final ApiVerticle api;

  public TimelineRoutes(Services services, ApiVerticle api) {
    this.services = services;
    this.api = api;
  }

  public void mount(Router router, Auth auth) {
    router.get(ApiVerticle.PREFIX + "/cases/:caseId/timeline").handler(auth::handle)
        .handler(this::timeline);
  }

  private void timeline(RoutingContext ctx) {
    Principal who = ApiVerticle.principal(ctx);
    String caseId = ctx.pathParam("caseId");
    if (caseId == null || caseId.isBlank() || caseId.length() > 128) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "caseId is invalid");
    }
    api.blocking(ctx, () -> services.store().read(tx -> {
      if (!tx.caseInScope(who.scope(), caseId)) {
        throw new ApiException(403, ErrorCodes.SCOPE_CASE_NOT_ALLOCATED,
            "case " + caseId + " is not allocated to you");
      }
      return new TimelineResponse(caseId, tx.timeline(caseId, who.userId()).stream()
          .filter(r -> !r.withheld())
          .map(r -> new RecordChange(r.seq(), r.revision(), r.status(),
              RecordChange.originOf(r.outcome()), r.note(), r.reviewFields())).toList());
    }), 200);
  }
}
