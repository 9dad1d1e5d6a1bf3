package org.fieldsync.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.fieldsync.server.http.Authenticator;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.store.UserRow;
import java.util.Set;

/**
 * Short-lived signed access tokens (JWT, HS256, {@code vertx-auth-jwt}). The secret comes from
 * configuration; tokens carry the user id, login name, roles and team, so authorising a request
 * needs no database read.
 */
public final class TokenService implements Authenticator {
  private static final String ISSUER = "fieldsync";
  private final JWTAuth jwt;
  private final int ttlSeconds;
  private final Clock clock;
  /** Token ids ended by logout, with their expiry (epoch s); kept only until they would expire. */
  private final ConcurrentHashMap<String, Long> revoked = new ConcurrentHashMap<>();
  private volatile BiConsumer<String, Long> onRevoke = (jti, exp) -> { };
  /** Users deactivated by provisioning: none of their tokens verifies, however fresh. */
  private final Set<String> inactiveUsers = ConcurrentHashMap.newKeySet();
  private volatile BiConsumer<String, Boolean> onActive = (user, active) -> { };

  public TokenService(Vertx vertx, String secret, int ttlSeconds) {
    this(vertx, secret, ttlSeconds, Clock.systemUTC());
  }

  /**
   * Tokens whose expiry is stamped and checked on {@code clock} (the JWT library's own check
   * reads the wall clock, so it is off and {@link #verify} checks {@code exp} itself).
   */
  public TokenService(Vertx vertx, String secret, int ttlSeconds, Clock clock) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setIgnoreExpiration(true)));
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  /** The clock tokens are stamped and checked on. */
  public Clock clock() {
    return clock;
  }

  public int ttlSeconds() {
    return ttlSeconds;
  }

  public String issue(UserRow u) {
    return issue(u, null);
  }

  /** A token; with {@code deviceId}, bound to that enrolled device, which may then sync. */
  public String issue(UserRow u, String deviceId) {
    JsonObject claims = new JsonObject()
        .put("sub", u.id())
        .put("name", u.username())
        .put("roles", new JsonArray(new ArrayList<>(u.roles())))
        .put("team", u.teamId())
        .put("jti", UUID.randomUUID().toString())
        // The expiry again, as a plain claim: what a logout keeps the token refused until.
        .put("exp", clock.millis() / 1000 + ttlSeconds)
        .put("until", clock.millis() / 1000 + ttlSeconds + 1);
    if (deviceId != null) {
      claims.put("did", deviceId);
    }
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setNoTimestamp(true)
        .setIssuer(ISSUER));
  }

  /** Ends a token before it expires (logout), and tells the other nodes. */
  public void revoke(String jti, long expiresAtSeconds) {
    apply(jti, expiresAtSeconds);
    onRevoke.accept(jti, expiresAtSeconds);
  }

  /** Ends a token another node logged out (or one the store lists). */
  public void apply(String jti, long expiresAtSeconds) {
    long now = clock.millis() / 1000;
    revoked.values().removeIf(exp -> exp < now);
    revoked.put(jti, expiresAtSeconds);
  }

  /** Told of every logout on this node (to tell the other nodes). */
  public void onRevoke(BiConsumer<String, Long> listener) {
    onRevoke = listener;
  }

  /**
   * Ends (or, when {@code active}, lets through again) every token of a user at once, on this
   * node, and tells the other nodes: provisioning deactivated or reactivated them.
   */
  public void setActive(String userId, boolean active) {
    applyActive(userId, active);
    onActive.accept(userId, active);
  }

  /** As {@link #setActive}, for a change another node made (or the store lists). */
  public void applyActive(String userId, boolean active) {
    if (active) {
      inactiveUsers.remove(userId);
    } else {
      inactiveUsers.add(userId);
    }
  }

  /** Told of every activation change on this node (to tell the other nodes). */
  public void onActive(BiConsumer<String, Boolean> listener) {
    onActive = listener;
  }

  /** A verified token's own {@code exp} claim (epoch s), read from its payload; 0 if none. */
  private static long expiresAt(String token) {
    String[] parts = token.split("\\.");
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]),
        StandardCharsets.UTF_8));
    Long exp = payload.getLong("exp");
    return exp == null ? 0L : exp;
  }

  /** Verifies signature, issuer, expiry and that it was not logged out; fails otherwise. */
  @Override
  public Future<Principal> verify(String token) {
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      JsonObject p = user.principal();
      if (expiresAt(token) <= clock.millis() / 1000) {
        throw new IllegalStateException("token expired");
      }
      String jti = p.getString("jti");
      if (jti != null && revoked.containsKey(jti)) {
        throw new IllegalStateException("token was logged out");
      }
      if (inactiveUsers.contains(p.getString("sub"))) {
        throw new IllegalStateException("the user was deactivated");
      }
      List<String> roles = new ArrayList<>();
      JsonArray arr = p.getJsonArray("roles", new JsonArray());
      for (int i = 0; i < arr.size(); i++) {
        roles.add(arr.getString(i));
      }
      return new Principal(p.getString("sub"), p.getString("name"), roles, p.getString("team"),
          jti, p.getLong("until", p.getLong("exp", 0L)), p.getString("did"));
    });
  }
}
