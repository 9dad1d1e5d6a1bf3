package org.fieldsync.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.PersonRow;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.Tx;

/**
 * First sign-in without a shared password: a sync admin issues a one-time activation code for a
 * provisioned user ({@code POST /api/v1/admin/activation-codes}, by user name), and the user
 * sets their own password with it ({@code POST /api/v1/auth/activate}). The code is kept only as
 * its SHA-256, lasts {@code activationSeconds}, works once, and a new one ends any earlier one.
 * Wrong codes are throttled like wrong passwords (per user name and address).
 */
public final class ActivationRoutes implements RouteModule {
  /** The code is wrong, used or expired. */
  public static final String CODE_INVALID = "auth.activation.invalid";
  /** The chosen password is too short or too long. */
  public static final String PASSWORD_WEAK = "auth.password.weak";
  /** Shortest password a user may choose (NCSC: length over complexity). */
  public static final int MIN_PASSWORD = 12;
  private static final String ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Store store;
  private final PasswordHasher passwords;
  private final SignInThrottle logins;
  private final AuditService audit;
  private final long ttlMillis;
  private final Clock clock;

  public ActivationRoutes(Store store, PasswordHasher passwords, SignInThrottle logins,
      AuditService audit, long activationSeconds, Clock clock) {
    this.store = store;
    this.passwords = passwords;
    this.logins = logins;
    this.audit = audit;
    this.ttlMillis = activationSeconds * 1000L;
    this.clock = clock;
  }

  @Override
  public void mount(Router router, Http http) {
    router.post(Http.PREFIX + "/admin/activation-codes").handler(http.bodies())
        .handler(http.auth()).handler(ctx -> issue(ctx, http));
    router.post(Http.PREFIX + "/auth/activate").handler(http.bodies())
        .handler(ctx -> activate(ctx, http));
  }

  private void issue(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    Principal who = http.principal(ctx);
    byte[] body = http.body(ctx);
    http.blocking(ctx, () -> {
      String username = ProtocolCodec.decode(body, JsonNode.class).path("username").asText("");
      if (username.isBlank() || username.length() > 200) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
            "name the user the code is for: {\"username\": \"fw.alice\"}");
      }
      long now = clock.millis();
      String code = store.write(tx -> {
        PersonRow p = tx.people().personByUserName(username).orElseThrow(
            () -> new ApiException(404, ErrorCodes.USER_NOT_FOUND, "no user with the user name "
                + username));
        if (!p.active()) {
          throw new ApiException(409, CODE_INVALID, username + " is deactivated; the identity"
              + " provider must reactivate them first");
        }
        String c = issue(tx, p.id(), now, ttlMillis);
        AuditChain.append(tx, List.of(AuditEvent.by(who, null, "activation.code", p.id())), now);
        return c;
      });
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("code", code);
      out.put("username", username);
      out.put("expiresAt", now + ttlMillis);
      return out;
    }, 201);
  }

  private void activate(RoutingContext ctx, Http http) {
    JsonNode req = ProtocolCodec.decode(http.body(ctx), JsonNode.class);
    String username = req.path("username").asText("");
    String code = req.path("code").asText("");
    String password = req.path("password").asText("");
    if (username.isBlank() || username.length() > 200 || code.isBlank() || code.length() > 40) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
          "username, code and password are required");
    }
    if (password.length() < MIN_PASSWORD || password.length() > 1000) {
      throw new ApiException(400, PASSWORD_WEAK, "choose a password of at least " + MIN_PASSWORD
          + " characters (a few words together is easiest to remember)");
    }
    String address = ctx.request().remoteAddress() == null ? "unknown"
        : ctx.request().remoteAddress().hostAddress();
    SignInThrottle.Attempt attempt = new SignInThrottle.Attempt(username, address, null);
    long wait = logins.retryAfterSeconds(attempt);
    if (wait > 0) {
      throw ApiException.retryAfter(429, ErrorCodes.AUTH_RATE_LIMITED, "too many wrong"
          + " activation codes; try again in " + wait + " second(s)", wait);
    }
    http.blocking(ctx, () -> {
      String hash = passwords.hash(password); // slow: outside the transaction
      long now = clock.millis();
      String userId = store.write(tx -> {
        PersonRow p = tx.people().personByUserName(username).orElse(null);
        if (p == null || !p.active()) {
          return null;
        }
        String owner = tx.people().useActivationCode(DeviceRegistry.hash(code), now)
            .orElse(null);
        if (!p.id().equals(owner)) {
          return null;
        }
        tx.people().setPassword(p.id(), hash, now);
        AuditChain.append(tx, List.of(new AuditEvent(p.id(), String.join(",", p.roles()), null,
            "activation.ok", username, null)), now);
        return p.id();
      });
      if (userId == null) {
        // A wrong code spent nothing (the transaction wrote nothing): nobody's code is used up
        // by someone else guessing.
        logins.failed(attempt);
        audit.record(AuditEvent.anonymous("activation.failed", username, "address", address));
        throw new ApiException(401, CODE_INVALID, "the activation code is wrong, used or"
            + " expired; ask a sync admin for a new one");
      }
      logins.succeeded(attempt);
      return Map.of("activated", true, "username", username);
    }, 200);
  }

  /**
   * Issues a new activation code for {@code userId} (any earlier one stops working): kept only
   * as its hash; returns the code, formatted XXXX-XXXX-XXXX. For the route and for the
   * {@code activation-code} command that bootstraps a fresh server's first sync admin.
   */
  public static String issue(Tx tx, String userId, long now, long ttlMillis)
      throws SQLException {
    String code = newCode();
    tx.people().addActivationCode(DeviceRegistry.hash(code), userId, now, now + ttlMillis);
    return code;
  }

  private static String newCode() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}
