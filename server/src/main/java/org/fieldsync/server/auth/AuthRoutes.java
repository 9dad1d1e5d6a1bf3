package org.fieldsync.server.auth;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import org.fieldsync.protocol.DeviceIds;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.protocol.wire.LoginResponse;
import org.fieldsync.protocol.wire.RefreshRequest;
import org.fieldsync.protocol.wire.UserInfo;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.RefreshSpend;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.UserRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.sql.SQLException;
import org.fieldsync.server.store.Tx;

/**
 * Sign-in: {@code POST /api/v1/auth/login} (Argon2id check, then a short-lived token; unknown
 * users and wrong passwords get the same answer after the same work, so neither can be told
 * apart), {@code POST /api/v1/auth/refresh} (a tablet's device-bound refresh) and
 * {@code POST /api/v1/auth/logout}.
 */
public final class AuthRoutes implements RouteModule {
  /** A sign-in naming a device id that is not one (protocol section 2). */
  static final String CODE_DEVICE_ID = "auth.deviceId.invalid";
  private static final Logger LOG = LoggerFactory.getLogger(AuthRoutes.class);
  private final Store store;
  private final TokenService tokens;
  private final PasswordHasher passwords;
  private final SignInThrottle logins;
  private final DeviceRegistry devices;
  private final AuditService audit;
  private final long refreshSeconds;
  private final Clock clock;

  /**
   * Sign-in routes.
   *
   * @param store users and refresh tokens
   * @param tokens issues access tokens
   * @param passwords checks passwords
   * @param logins throttles failed sign-ins (decision 0028)
   * @param devices enrolled devices, to bind a tablet's token and check its refresh signature
   * @param audit records sign-ins and refusals
   * @param refreshSeconds how long a refresh token lasts unused
   * @param clock the server's time, for refresh tokens and signed sign-ins
   */
  public AuthRoutes(Store store, TokenService tokens, PasswordHasher passwords,
      SignInThrottle logins, DeviceRegistry devices, AuditService audit, long refreshSeconds,
      Clock clock) {
    this.store = store;
    this.tokens = tokens;
    this.passwords = passwords;
    this.logins = logins;
    this.devices = devices;
    this.audit = audit;
    this.refreshSeconds = refreshSeconds;
    this.clock = clock;
  }

  @Override
  public void mount(Router router, Http http) {
    router.post(Http.PREFIX + "/auth/login").handler(http.bodies())
        .handler(ctx -> login(ctx, http));
    router.post(Http.PREFIX + "/auth/refresh").handler(http.bodies())
        .handler(ctx -> refresh(ctx, http));
    router.post(Http.PREFIX + "/auth/logout").handler(http.auth())
        .handler(ctx -> logout(ctx, http));
  }

  /**
   * A chain of refreshes ends this many idle periods after the password sign-in it started from
   * (90 days with the default 30-day idle period): the password is asked for at least that often.
   */
  static final long REFRESH_SESSION_FACTOR = 3;

  /** How long after a refresh the same refresh token may come again, for a lost answer. */
  static final long REFRESH_GRACE_MILLIS = 120_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new refresh token: 256 random bits, base64url. */
  private static String newRefreshToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** SHA-256 (hex) of a refresh token: only this is stored. */
  static String refreshHash(String token) {
    return Digests.sha256Hex(token.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * {@code POST /api/v1/auth/refresh}: the next access token for an enrolled device, from its
   * one-time refresh token and the device's signature over it. Returns the next refresh token.
   * A spent token presented again (a copied device) ends every token of that device.
   */
  private void refresh(RoutingContext ctx, Http http) {
    RefreshRequest req = ProtocolCodec.decode(http.body(ctx), RefreshRequest.class);
    if (blankOrLong(req.refreshToken(), 100) || blankOrLong(req.deviceId(), 128)
        || blankOrLong(req.signature(), 200)) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
          "refreshToken, deviceId and signature are required");
    }
    http.blocking(ctx, () -> spendRefresh(req), 200);
  }

  /**
   * Spends a device's refresh token: the one place refresh tokens are rotated, a reused one ends
   * all of its device's, and a revoked device is refused, whether the refresh came to {@code
   * /auth/refresh} or folded into a sync request (decision 0038). Blocking.
   *
   * @throws ApiException 401 {@code auth.refresh.invalid}, or 403 for a device no longer active
   */
  public LoginResponse spendRefresh(RefreshRequest req) {
    var device = devices.get(req.deviceId()).orElse(null);
    if (device == null || !devices.verify(req.deviceId(),
        RefreshRequest.signingBytes(req.deviceId(), req.refreshToken()), req.signature())) {
      // Against an enrolled device, the event is that device's user's (as a wrong password is
      // the account's); against no device at all, it is counted, not chained (AuditService).
      audit.record(new AuditEvent(device == null ? null : device.userId(), null,
          req.deviceId(), "refresh.signature.invalid", req.deviceId(), null));
      throw new ApiException(401, ErrorCodes.AUTH_REFRESH_INVALID, "this refresh is not"
          + " signed by an enrolled device; sign in with the password");
    }
    long now = clock.millis();
    if (!device.active()) {
      store.write(tx -> {
        tx.credentials().endRefreshTokens(device.deviceId(), now);
        return null;
      });
      audit.record(new AuditEvent(device.userId(), null, device.deviceId(),
          "login.revokedDevice", device.deviceId(), null));
      throw DeviceGuard.inactive(device);
    }
    String next = newRefreshToken();
    RefreshSpend spend = store.write(tx -> tx.credentials().rotateRefreshToken(
        refreshHash(req.refreshToken()), device.deviceId(), refreshHash(next), now,
        refreshSeconds * 1000L, REFRESH_GRACE_MILLIS));
    UserRow u = spend.ok() ? store.read(tx -> tx.directory().userById(spend.userId()))
        .orElse(null) : null;
    if (u == null || !u.id().equals(device.userId())) {
      String action = switch (spend.outcome()) {
        case REUSED -> "refresh.reused";
        case OTHER_DEVICE -> "refresh.otherDevice";
        case EXPIRED -> "refresh.expired";
        default -> "refresh.unknown";
      };
      LOG.info("refresh refused device={} outcome={}", device.deviceId(), spend.outcome());
      audit.record(new AuditEvent(device.userId(), null, device.deviceId(),
          action, device.deviceId(), null));
      throw new ApiException(401, ErrorCodes.AUTH_REFRESH_INVALID, switch (spend.outcome()) {
        case REUSED -> "this refresh token was already used, or was ended by a sign-out, a"
            + " revocation or a reuse; this device's refresh tokens are ended; sign in with"
            + " the password";
        case EXPIRED -> "this refresh token has lapsed; sign in with the password";
        default -> "this refresh token is not valid; sign in with the password";
      });
    }
    audit.record(new AuditEvent(u.id(), String.join(",", u.roles()),
        device.deviceId(), "login.refresh", u.username(), spend.outcome()
            == RefreshSpend.Outcome.RETRIED ? "{\"retried\":true}" : null));
    return new LoginResponse(tokens.issue(u, device.deviceId()), "Bearer",
        tokens.ttlSeconds(),
        new UserInfo(u.id(), u.username(), u.displayName(), u.roles(), u.teamId()), next);
  }

  /** A sign-in refused while its throttle waits; counted (not chained) by the audit trail. */
  private ApiException limited(String username, String address, long seconds) {
    audit.record(AuditEvent.anonymous("login.limited", username, "address", address));
    return ApiException.retryAfter(429, ErrorCodes.AUTH_RATE_LIMITED, "too many failed sign-ins"
        + " like this one; try again in " + seconds + " second(s)", seconds);
  }

  private static boolean activeUser(Tx tx, String id)
      throws SQLException {
    return tx.people().active(id);
  }

  private static boolean blankOrLong(String s, int max) {
    return s == null || s.isBlank() || s.length() > max;
  }

  /** Ends the presented token now, on this server and after a restart. */
  private void logout(RoutingContext ctx, Http http) {
    Principal who = http.principal(ctx);
    http.blocking(ctx, () -> {
      if (who.tokenId() != null) {
        tokens.revoke(who.tokenId(), who.tokenExpiresAt());
        store.write(tx -> {
          tx.credentials().revokeToken(who.tokenId(), who.userId(), who.tokenExpiresAt(),
              clock.millis() / 1000);
          if (who.deviceId() != null) {
            // Signing out of a tablet ends its refresh tokens too: the password is needed again.
            tx.credentials().endRefreshTokens(who.deviceId(), clock.millis());
          }
          return null;
        });
      }
      audit.record(AuditEvent.by(who, null, "logout", who.username()));
      return Map.of("loggedOut", true);
    }, 200);
  }

  private void login(RoutingContext ctx, Http http) {
    LoginRequest req = ProtocolCodec.decode(http.body(ctx), LoginRequest.class);
    if (req.username() == null || req.password() == null || req.username().length() > 200
        || req.password().length() > 1000) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
          "username and password are required");
    }
    if (req.deviceId() != null && !DeviceIds.isValid(req.deviceId())) {
      // A session is bound only to an enrolled device's id; any other id (a reserved name, a
      // path, a blank) is a client bug or a probe, never a device to look up.
      throw new ApiException(400, CODE_DEVICE_ID, "deviceId must be an enrolled device's id ("
          + DeviceIds.describe() + "), or left out for a session without a device");
    }
    String address = ctx.request().remoteAddress() == null ? "unknown"
        : ctx.request().remoteAddress().hostAddress();
    // Refused on the event loop, before any work, when no proof the attempt may carry could
    // open it: not the attempt as it stands, nor (if it is signed) its device's own bucket.
    long retry = logins.retryAfterSeconds(new SignInThrottle.Attempt(req.username(), address,
        null));
    boolean signed = req.signature() != null && req.deviceId() != null;
    if (retry > 0 && (!signed || logins.retryAfterSeconds(new SignInThrottle.Attempt(
        req.username(), address, req.deviceId())) > 0)) {
      throw limited(req.username(), address, retry);
    }
    http.blocking(ctx, () -> {
      // A deactivated user is refused exactly as a wrong password is: nothing tells them apart.
      UserRow u = store.read(tx -> {
        UserRow found = tx.directory().userByUsername(req.username()).orElse(null);
        return found != null && activeUser(tx, found.id()) ? found : null;
      });
      String proven = u != null && devices.provesSignIn(req, u.id(), clock.millis())
          ? req.deviceId() : null;
      SignInThrottle.Attempt attempt = new SignInThrottle.Attempt(req.username(), address,
          proven);
      long wait = logins.retryAfterSeconds(attempt);
      if (wait > 0) {
        throw limited(req.username(), address, wait);
      }
      if (u == null) {
        passwords.burn(req.password());
      }
      if (u == null || !passwords.verify(req.password(), u.passwordHash())) {
        LOG.info("login refused for a user name");
        logins.failed(attempt);
        audit.record(u == null ? AuditEvent.anonymous("login.failed",
            req.username(), "device", req.deviceId()) : new AuditEvent(u.id(),
            String.join(",", u.roles()), req.deviceId(), "login.failed", req.username(), null));
        throw new ApiException(401, ErrorCodes.AUTH_CREDENTIALS_INVALID,
            "the user name or password is wrong");
      }
      String bound = null;
      var device = devices.get(req.deviceId());
      if (device.isPresent()) {
        if (!device.get().userId().equals(u.id())) {
          throw new ApiException(403, ErrorCodes.DEVICE_OTHER_USER,
              "this device is enrolled for another user");
        }
        if (!device.get().active()) {
          audit.record(new AuditEvent(u.id(), String.join(",", u.roles()),
              req.deviceId(), "login.revokedDevice", u.username(), null));
          throw DeviceGuard.inactive(device.get());
        }
        bound = req.deviceId();
      }
      LOG.info("login user={} device={} signed={}", u.id(), req.deviceId(), proven != null);
      logins.succeeded(attempt);
      audit.record(new AuditEvent(u.id(), String.join(",", u.roles()),
          req.deviceId(), "login.ok", u.username(), null));
      String refresh = null;
      if (bound != null) {
        // A sign-in from an enrolled tablet also gets a refresh token bound to it.
        String token = newRefreshToken();
        long now = clock.millis();
        long idle = refreshSeconds * 1000L;
        store.write(tx -> {
          tx.credentials().addRefreshToken(refreshHash(token), u.id(), req.deviceId(), now,
              now + idle, now + idle * REFRESH_SESSION_FACTOR);
          return null;
        });
        refresh = token;
      }
      return new LoginResponse(tokens.issue(u, bound), "Bearer",
          tokens.ttlSeconds(),
          new UserInfo(u.id(), u.username(), u.displayName(), u.roles(), u.teamId()), refresh);
    }, 200);
  }
}
