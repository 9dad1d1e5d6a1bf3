package org.fieldsync.server.auth;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.protocol.wire.LoginResponse;
import org.fieldsync.protocol.wire.RefreshRequest;
import org.fieldsync.protocol.wire.UserInfo;
import org.fieldsync.server.Services;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.ApiVerticle;
import org.fieldsync.server.store.RefreshSpend;
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
    router.post(ApiVerticle.PREFIX + "/auth/refresh").handler(api.bodies())
        .handler(this::refresh);
    router.post(ApiVerticle.PREFIX + "/auth/logout").handler(auth::handle).handler(this::logout);
  }

  /**
   * A chain of refreshes ends this many idle periods after the password sign-in it started from
   * (90 days with the default 30-day idle period): the password is asked for at least that often.
   */
  static final long REFRESH_SESSION_FACTOR = 3;

  /** How long after a refresh the same refresh token may come again, for a lost answer. */
  static final long REFRESH_GRACE_MILLIS = 120_000;
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /** A new refresh token: 256 random bits, base64url. */
  private static String newRefreshToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** SHA-256 (hex) of a refresh token: only this is stored. */
  static String refreshHash(String token) {
    return org.fieldsync.protocol.Digests.sha256Hex(
        token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * {@code POST /api/v1/auth/refresh}: the next access token for an enrolled device, from its
   * one-time refresh token and the device's signature over it. Returns the next refresh token.
   * A spent token presented again (a copied device) ends every token of that device.
   */
  private void refresh(RoutingContext ctx) {
    RefreshRequest req = ProtocolCodec.decode(ApiVerticle.body(ctx), RefreshRequest.class);
    if (blankOrLong(req.refreshToken(), 100) || blankOrLong(req.deviceId(), 128)
        || blankOrLong(req.signature(), 200)) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
          "refreshToken, deviceId and signature are required");
    }
    api.blocking(ctx, () -> {
      var device = services.devices().get(req.deviceId()).orElse(null);
      if (device == null || !services.devices().verify(req.deviceId(),
          RefreshRequest.signingBytes(req.deviceId(), req.refreshToken()), req.signature())) {
        services.audit().record(new AuditEvent(null, null, req.deviceId(),
            "refresh.signature.invalid", req.deviceId(), null));
        throw new ApiException(401, ErrorCodes.AUTH_REFRESH_INVALID, "this refresh is not"
            + " signed by an enrolled device; sign in with the password");
      }
      long now = System.currentTimeMillis();
      if (!device.active()) {
        services.store().write(tx -> {
          tx.endRefreshTokens(device.deviceId(), now);
          return null;
        });
        boolean lost = "lost".equals(device.status());
        services.audit().record(new AuditEvent(device.userId(), null, device.deviceId(),
            "login.revokedDevice", device.deviceId(), null));
        throw new ApiException(403, lost ? CODE_DEVICE_LOST : CODE_DEVICE_REVOKED, lost
            ? "this device was reported lost; it must wipe its data"
            : "this device has been revoked; it must wipe its data");
      }
      String next = newRefreshToken();
      RefreshSpend spend = services.store().write(tx -> tx.rotateRefreshToken(
          refreshHash(req.refreshToken()), device.deviceId(), refreshHash(next), now,
          services.config().refreshSeconds() * 1000L, REFRESH_GRACE_MILLIS));
      UserRow u = spend.ok() ? services.store().read(tx -> tx.userById(spend.userId()))
          .orElse(null) : null;
      if (u == null || !u.id().equals(device.userId())) {
        String action = switch (spend.outcome()) {
          case REUSED -> "refresh.reused";
          case OTHER_DEVICE -> "refresh.otherDevice";
          case EXPIRED -> "refresh.expired";
          default -> "refresh.unknown";
        };
        LOG.info("refresh refused device={} outcome={}", device.deviceId(), spend.outcome());
        services.audit().record(new AuditEvent(device.userId(), null, device.deviceId(),
            action, device.deviceId(), null));
        throw new ApiException(401, ErrorCodes.AUTH_REFRESH_INVALID, switch (spend.outcome()) {
          case REUSED -> "this refresh token was already used, so every refresh token of this"
              + " device is now ended; sign in with the password";
          case EXPIRED -> "this refresh token has lapsed; sign in with the password";
          default -> "this refresh token is not valid; sign in with the password";
        });
      }
      services.audit().record(new AuditEvent(u.id(), String.join(",", u.roles()),
          device.deviceId(), "login.refresh", u.username(), spend.outcome()
              == RefreshSpend.Outcome.RETRIED ? "{\"retried\":true}" : null));
      return new LoginResponse(services.tokens().issue(u, device.deviceId()), "Bearer",
          services.tokens().ttlSeconds(),
          new UserInfo(u.id(), u.username(), u.displayName(), u.roles(), u.teamId()), next);
    }, 200);
  }

  private static boolean blankOrLong(String s, int max) {
    return s == null || s.isBlank() || s.length() > max;
  }

  /** Ends the presented token now, on this server and after a restart. */
  private void logout(RoutingContext ctx) {
    Principal who = ApiVerticle.principal(ctx);
    api.blocking(ctx, () -> {
      if (who.tokenId() != null) {
        services.tokens().revoke(who.tokenId(), who.tokenExpiresAt());
        services.store().write(tx -> {
          tx.revokeToken(who.tokenId(), who.userId(), who.tokenExpiresAt());
          if (who.deviceId() != null) {
            // Signing out of a tablet ends its refresh tokens too: the password is needed again.
            tx.endRefreshTokens(who.deviceId(), System.currentTimeMillis());
          }
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
      String refresh = null;
      if (bound != null) {
        // A sign-in from an enrolled tablet also gets a refresh token bound to it.
        String token = newRefreshToken();
        long now = System.currentTimeMillis();
        long idle = services.config().refreshSeconds() * 1000L;
        services.store().write(tx -> {
          tx.addRefreshToken(refreshHash(token), u.id(), req.deviceId(), now, now + idle,
              now + idle * REFRESH_SESSION_FACTOR);
          return null;
        });
        refresh = token;
      }
      return new LoginResponse(services.tokens().issue(u, bound), "Bearer",
          services.tokens().ttlSeconds(),
          new UserInfo(u.id(), u.username(), u.displayName(), u.roles(), u.teamId()), refresh);
    }, 200);
  }
}
