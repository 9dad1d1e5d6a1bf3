package org.fieldsync.server.admin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.sync.PokeHub;

/**
 * {@code PUT|DELETE /api/v1/admin/cases/{caseId}/allocations/{userId}}: allocate a case to a
 * worker or move it away. Each change is a scope event in the server sequence, so the worker's
 * next pull back-fills the case or removes it from the tablet; the worker is poked at once.
 * Team managers may change their own team's cases; sync admins any.
 */
public final class AllocationRoutes implements RouteModule {
  private final Store store;

  public AllocationRoutes(Store store) {
    this.store = store;
  }

  @Override
  public void mount(Router router, Http http) {
    String path = Http.PREFIX + "/admin/cases/:caseId/allocations/:userId";
    router.put(path).handler(http.auth()).handler(ctx -> change(ctx, http, true));
    router.delete(path).handler(http.auth()).handler(ctx -> change(ctx, http, false));
  }

  private void change(RoutingContext ctx, Http http, boolean allocate) {
    http.requireRole(ctx, Principal.TEAM_MANAGER, Principal.SYNC_ADMIN);
    Principal who = http.principal(ctx);
    String caseId = ctx.pathParam("caseId");
    String userId = ctx.pathParam("userId");
    http.blocking(ctx, () -> {
      boolean changed = store.write(tx -> {
        String team = tx.directory().caseTeam(caseId).orElseThrow(() ->
            new ApiException(404, ErrorCodes.CASE_NOT_FOUND, "no case " + caseId));
        if (!who.has(Principal.SYNC_ADMIN) && !team.equals(who.teamId())) {
          throw new ApiException(403, ErrorCodes.SCOPE_CASE_NOT_ALLOCATED,
              "case " + caseId + " is not in your team");
        }
        if (tx.directory().userById(userId).isEmpty()) {
          throw new ApiException(404, ErrorCodes.USER_NOT_FOUND, "no user " + userId);
        }
        boolean done = tx.directory().setAllocation(caseId, userId, allocate,
            tx.feed().reserveSeqs(1), http.now());
        if (done) {
          AuditChain.append(tx, List.of(AuditEvent.by(who, null, allocate ? "allocation.add"
              : "allocation.remove", caseId, "userId", userId)), http.now());
        }
        return done;
      });
      if (changed) {
        PokeHub.publish(ctx.vertx(), Set.of(userId), null);
      }
      return new Allocation(caseId, userId, allocate, changed);
    }, 200);
  }

  /**
   * The allocation after the change.
   *
   * @param caseId case
   * @param userId user
   * @param active allocated or not
   * @param changed whether this call changed it
   */
  public record Allocation(String caseId, String userId, boolean active, boolean changed) {}
}
