package org.fieldsync.server.audit;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.server.Services;
import org.fieldsync.server.auth.Principal;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.ApiVerticle;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.store.AuditEntry;

/**
 * {@code GET /api/v1/audit} (the trail, a page at a time) and {@code GET /api/v1/audit/verify}
 * (recompute the whole chain and name the first broken entry). Auditors read both; sync admins
 * may verify.
 */
public final class AuditRoutes {
  private final Services services;
  private final ApiVerticle api;

  public AuditRoutes(Services services, ApiVerticle api) {
    this.services = services;
    this.api = api;
  }

  public void mount(Router router, Auth auth) {
    router.get(ApiVerticle.PREFIX + "/audit").handler(auth::handle).handler(this::list);
    router.get(ApiVerticle.PREFIX + "/audit/verify").handler(auth::handle).handler(this::verify);
  }

  private void list(RoutingContext ctx) {
    ApiVerticle.requireRole(ctx, Principal.AUDITOR);
    long after = number(ctx, "after", 0, Long.MAX_VALUE, 0);
    int limit = (int) number(ctx, "limit", 1, 1000, 200);
    api.blocking(ctx, () -> {
      List<AuditEntry> page = services.store().read(tx -> tx.auditEntries(after, limit));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("entries", page);
      out.put("next", page.isEmpty() ? after : page.get(page.size() - 1).seq());
      return out;
    }, 200);
  }

  private void verify(RoutingContext ctx) {
    ApiVerticle.requireRole(ctx, Principal.AUDITOR, Principal.SYNC_ADMIN);
    api.blocking(ctx, () -> {
      services.audit().flush();
      return services.audit().verify();
    }, 200);
  }

  private static long number(RoutingContext ctx, String name, long min, long max, long dflt) {
    String v = ApiVerticle.param(ctx, name);
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
