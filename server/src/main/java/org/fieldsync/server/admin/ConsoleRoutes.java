package org.fieldsync.server.admin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Problems;
import org.fieldsync.server.http.RouteModule;

/**
 * The sync admins' console at {@code /admin/}: static files (HTML, CSS and ES modules, no build
 * step) with a strict Content-Security-Policy, so only the console's own scripts run. It calls
 * the admin API like any client.
 */
public final class ConsoleRoutes implements RouteModule {
  @Override
  public void mount(Router router, Http http) {
    router.get("/admin*").handler(ctx -> {
      if (ctx.request().path().equals("/admin")) {
        ctx.redirect("/admin/");
        return;
      }
      // Only the console's own file names, at most one folder deep (lib/, pages/): nothing that
      // normalises elsewhere (../, %2e).
      String file = ctx.normalizedPath().startsWith("/admin/")
          ? ctx.normalizedPath().substring("/admin/".length()) : null;
      if (file == null || !file.matches("([a-z]+/)?[A-Za-z0-9_-]*(\\.[A-Za-z0-9]+)?")) {
        Problems.byStatus(ctx, 404);
        return;
      }
      ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; "
              + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Referrer-Policy", "no-referrer");
      ctx.next();
    });
    router.get("/admin/*").handler(StaticHandler.create("webroot/admin")
        .setCachingEnabled(false).setDirectoryListing(false).setIndexPage("index.html"));
  }
}
