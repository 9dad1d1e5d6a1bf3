package org.fieldsync.server.caserecord;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.fieldsync.protocol.wire.Caseload;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.Store;

/**
 * {@code GET /api/v1/caseload}: the cases the caller holds, with their children, locality and who
 * is allocated. A tablet keeps it offline, so a worker picks a case and its children from a list
 * instead of typing ids (which, before this route, a client could only discover by probing for
 * {@code record.childIds.notInCase}).
 */
public final class CaseloadRoutes implements RouteModule {
  private final Store store;

  public CaseloadRoutes(Store store) {
    this.store = store;
  }

  @Override
  public void mount(Router router, Http http) {
    router.get(Http.PREFIX + "/caseload").handler(http.auth()).handler(ctx -> caseload(ctx, http));
  }

  private void caseload(RoutingContext ctx, Http http) {
    Principal who = http.principal(ctx);
    http.blocking(ctx, () -> store.read(tx -> new Caseload(tx.caseload(who.scope()))), 200);
  }
}
