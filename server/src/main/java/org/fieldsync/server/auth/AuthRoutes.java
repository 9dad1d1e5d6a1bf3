package org.fieldsync.server.auth;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.protocol.wire.LoginResponse;
import org.fieldsync.protocol.wire.UserInfo;
import org.fieldsync.server.Services;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.ApiVerticle;
import org.fieldsync.server.store.UserRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/auth/login}: Argon2id check, then a short-lived token. Unknown users and
 * wrong passwords get the same answer after the same work, so neither can be told apart.
 */
public final class AuthRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);
  /** The device has been revoked: it must wipe itself. */
  public static final String CODE_DEVICE_REVOKED = "device.revoked";
  /** The request needs an enrolled device and the session has none. */
  public static final String CODE_DEVICE_NOT_ENROLLED = "device.notEnrolled";
  public static final String CODE_DEVICE_OTHER_USER = "device.otherUser";
  /** The device was reported lost: no lease, and it must wipe itself. */
  public static final String CODE_DEVICE_LOST = "device.lost";
  private final Services services;
  private final ApiVerticle api;

  public AuthRoutes(Services services, ApiVerticle api) {
    this.services = services;
    this.api = api;
  }

  public void mount(Router router, org.fieldsync.server.http.Auth auth) {
    router.post(ApiVerticle.PREFIX + "/auth/login").handler(api.bodies()).handler(this::login);
    router.post(ApiVerticle.PREFIX + "/auth/logout").handler(auth::handle).handler(this::logout);
  }

  /** Ends the presented token now, on this server and after a restart. */
  private void logout(RoutingContext ctx) {
    Principal who = ApiVerticle.principal(ctx);
    api.blocking(ctx, () -> {
      if (who.tokenId() != null) {
        services.tokens().revoke(who.tokenId(), who.tokenExpiresAt());
        services.store().write(tx -> {
          tx.revokeToken(who.tokenId(), who.userId(), who.tokenExpiresAt());
          return null;
        });
      }
      services.audit().record(AuditEvent.by(who, null, "logout", who.username()));
      return java.util.Map.of("loggedOut", true);
    }, 200);
  }

  private void login(RoutingContext ctx) {
    LoginRequest req = ProtocolCodec.decode(ApiVerticle.body(ctx), LoginRequest.class);
    if (req.username() == null || req.password() == null || req.username().length() > 200
        || req.password().length() > 1000) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
          "username and password are required");
    }
    String address = ctx.request().remoteAddress() == null ? "unknown"
        : ctx.request().remoteAddress().hostAddress();
    long retry = services.logins().retryAfterSeconds(req.username(), address);
    if (retry > 0) {
      services.audit().record(AuditEvent.anonymous("login.limited", req.username(), "address",
          address));
      ctx.response().putHeader("Retry-After", Long.toString(retry));
      throw new ApiException(429, ErrorCodes.AUTH_RATE_LIMITED, "too many failed sign-ins;"
          + " try again in " + Math.max(1, retry / 60) + " minute(s)");
    }
    api.blocking(ctx, () -> {
      UserRow u = services.store().read(tx -> tx.userByUsername(req.username())).orElse(null);
      if (u == null) {
        services.passwords().burn(req.password());
      }
      if (u == null || !services.passwords().verify(req.password(), u.passwordHash())) {
        LOG.info("login refused for a user name");
        services.logins().failed(req.username(), address);
        services.audit().record(u == null ? AuditEvent.anonymous("login.failed",
            req.username(), "device", req.deviceId()) : new AuditEvent(u.id(),
            String.join(",", u.roles()), req.deviceId(), "login.failed", req.username(), null));
        throw new ApiException(401, ErrorCodes.AUTH_CREDENTIALS_INVALID,
            "the user name or password is wrong");
      }
      String bound = null;
      var device = services.devices().get(req.deviceId());
      if (device.isPresent()) {
        if (!device.get().userId().equals(u.id())) {
          throw new ApiException(403, CODE_DEVICE_OTHER_USER,
              "this device is enrolled for another user");
        }
        if (!device.get().active()) {
          boolean lost = "lost".equals(device.get().status());
          services.audit().record(new AuditEvent(u.id(), String.join(",", u.roles()),
              req.deviceId(), "login.revokedDevice", u.username(), null));
          throw new ApiException(403, lost ? CODE_DEVICE_LOST : CODE_DEVICE_REVOKED, lost
              ? "this device was reported lost; it must wipe its data"
              : "this device has been revoked; it must wipe its data");
        }
        bound = req.deviceId();
      }
      LOG.info("login user={} device={}", u.id(), req.deviceId());
      services.logins().succeeded(req.username());
      services.audit().record(new AuditEvent(u.id(), String.join(",", u.roles()),
          req.deviceId(), "login.ok", u.username(), null));
      return new LoginResponse(services.tokens().issue(u, bound), "Bearer",
          services.tokens().ttlSeconds(),
          new UserInfo(u.id(), u.username(), u.displayName(), u.roles(), u.teamId()));
    }, 200);
  }
}
