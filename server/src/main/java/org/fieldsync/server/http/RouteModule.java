package org.fieldsync.server.http;

import io.vertx.ext.web.Router;

/**
 * One feature's part of the HTTP API: it adds its routes to the router, using {@link Http} for
 * everything a request needs (sign-in, bodies, blocking work, answers). Each feature package owns
 * its modules and depends on {@code http}; {@code http} knows no feature. The composition root
 * ({@code FieldSyncServer}) lists the modules.
 *
 * <p>A module is built once and mounted on every verticle instance's router, so it must keep no
 * per-request or per-instance state in fields; per-instance resources are handed to
 * {@link Http#onStop}.
 */
@FunctionalInterface
public interface RouteModule {
  void mount(Router router, Http http);
}
