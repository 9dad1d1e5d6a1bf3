package org.fieldsync.server.audit;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.AuditEntry;
import org.fieldsync.server.store.Store;

/**
 * {@code GET /api/v1/audit} (the trail, a page at a time) and {@code GET /api/v1/audit/verify}
 * (recompute the whole chain and name the first broken entry). Auditors read both; sync admins
 * may verify.
 */
public final class AuditRoutes implements RouteModule {
  private final Store store;
  private final AuditService audit;

  public AuditRoutes(Store store, AuditService audit) {
    this.store = store;
    this.audit = audit;
  }

  @Override
  public void mount(Router router, Http http) {
    router.get(Http.PREFIX + "/audit").handler(http.auth()).handler(ctx -> list(ctx, http));
    router.get(Http.PREFIX + "/audit/verify").handler(http.auth())
        .handler(ctx -> verify(ctx, http));
  }

  private void list(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.AUDITOR);
    long after = number(ctx, http, "after", 0, Long.MAX_VALUE, 0);
    int limit = (int) number(ctx, http, "limit", 1, 1000, 200);
    http.blocking(ctx, () -> {
      audit.flush(); // what was queued or counted until now is part of what the auditor reads
      List<AuditEntry> page = store.read(tx -> tx.audit().entries(after, limit));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("entries", page);
      out.put("next", page.isEmpty() ? after : page.get(page.size() - 1).seq());
      return out;
    }, 200);
  }

  private void verify(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.AUDITOR, Principal.SYNC_ADMIN);
    http.blocking(ctx, () -> {
      audit.flush();
      return audit.verify();
    }, 200);
  }

  private static long number(RoutingContext ctx, Http http, String name, long min, long max,
      long dflt) {
    String v = http.param(ctx, name);
    if (v == null || v.isBlank()) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID,
          name + " must be a whole number from " + min + " to " + max);
    }
  }
}
