package org.fieldsync.client.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.CredentialsProvider;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.spi.Transport;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.protocol.wire.LoginResponse;
import org.fieldsync.protocol.wire.Problem;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.PushResponse;
import org.fieldsync.protocol.wire.RefreshRequest;
import org.fieldsync.protocol.wire.UserInfo;

/**
 * The server's sync endpoints as blocking calls, with the bearer token managed. When there is no
 * token, or the server says it is no longer valid, an enrolled device first spends its refresh
 * token (signed with the device key), and only when that is refused asks for the password. Every
 * failure becomes a {@link FieldSyncException} with the server's problem code.
 */
public final class ServerApi {
  private final URI base;
  private final Transport transport;
  private final CredentialsProvider credentials;
  private final String deviceId;
  private final AtomicLong roundTrips = new AtomicLong();
  private volatile String token;
  private volatile UserInfo user;
  private volatile java.util.function.Supplier<java.util.Map<String, String>> report =
      java.util.Map::of;
  private volatile DeviceSession session = DeviceSession.NONE;

  /**
   * Where an enrolled device keeps its refresh token, and how it signs with its device key. Each
   * method may answer null when the device is locked or not enrolled: then the password is used.
   */
  public interface DeviceSession {
    DeviceSession NONE = new DeviceSession() {
      @Override
      public String refreshToken() {
        return null;
      }

      @Override
      public void keepRefreshToken(String token) {
        // Nowhere to keep it: the next sign-in uses the password.
      }

      @Override
      public String sign(byte[] payload) {
        return null;
      }
    };

    /** The kept refresh token, or null. */
    String refreshToken();

    /** Keeps the next refresh token; null forgets it. */
    void keepRefreshToken(String token);

    /** The device key's signature of {@code payload} (base64url), or null. */
    String sign(byte[] payload);
  }

  /** Sets how this device keeps its refresh token and signs refreshes. */
  public void deviceSession(DeviceSession s) {
    this.session = s == null ? DeviceSession.NONE : s;
  }

  public ServerApi(URI base, Transport transport, CredentialsProvider credentials,
      String deviceId) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    if ("http".equalsIgnoreCase(this.base.getScheme()) && !loopback(this.base.getHost())) {
      throw new FieldSyncException(FieldSyncException.TRANSPORT_INSECURE, "plain HTTP is only"
          + " for a server on this machine; use https:// for " + this.base.getHost());
    }
    this.transport = transport;
    this.credentials = credentials;
    this.deviceId = deviceId;
  }

  /**
   * What the device reports about itself on push and pull (app version, pending and
   * needs-attention counts), shown on the admin console's devices page.
   */
  public void reportWith(java.util.function.Supplier<java.util.Map<String, String>> supplier) {
    this.report = supplier;
  }

  private static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equals("localhost") || h.equals("::1") || h.startsWith("127.");
  }

  /** The signed-in user, after the first successful call; null before. */
  public UserInfo user() {
    return user;
  }

  public long roundTrips() {
    return roundTrips.get();
  }

  public PushResponse push(PushRequest request) {
    byte[] body = ProtocolCodec.encode(request);
    return call("POST", "api/v1/sync/push", body, PushResponse.class, true);
  }

  public ChangesPage changes(String checkpoint, int limit) {
    String q = "api/v1/sync/changes?limit=" + limit
        + (checkpoint == null ? ""
            : "&since=" + URLEncoder.encode(checkpoint, StandardCharsets.UTF_8))
        + "&deviceId=" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8);
    return call("GET", q, null, ChangesPage.class, false);
  }

  /**
   * The server's receipt-signing key.
   *
   * @param algorithm always Ed25519
   * @param keyId key id
   * @param publicKey raw public key, base64url
   */
  public record ServerKey(String algorithm, String keyId, String publicKey) {}

  /** Enrols this device with a one-time code from a sync admin (no sign-in needed). */
  public void enrol(String code, String publicKey, String name, String appVersion) {
    java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("code", code);
    body.put("deviceId", deviceId);
    body.put("publicKey", publicKey);
    body.put("name", name);
    body.put("appVersion", appVersion);
    decode(send("POST", "api/v1/devices/enrol", null, ProtocolCodec.encode(body), false),
        com.fasterxml.jackson.databind.JsonNode.class);
  }

  /**
   * The device's lease.
   *
   * @param leaseKey base64 lease key
   * @param expiresAt when it expires (epoch ms)
   */
  public record Lease(String leaseKey, long expiresAt) {}

  /** Asks the server to renew this device's lease (signed in from the enrolled device). */
  public Lease lease() {
    return call("POST", "api/v1/devices/lease", null, Lease.class, false);
  }

  /** Hands a revoked device's unpushed, signed revisions to the server's quarantine. */
  public void quarantine(PushRequest request) {
    decode(send("POST", "api/v1/devices/" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8)
        + "/quarantine", null, ProtocolCodec.encode(request), true),
        com.fasterxml.jackson.databind.JsonNode.class);
  }

  /** Uploads an attachment's bytes for a case (idempotent: the server keys them by digest). */
  public void uploadAttachment(String caseId, String sha256, String mediaType, byte[] content) {
    decode(raw("PUT", "api/v1/cases/" + URLEncoder.encode(caseId, StandardCharsets.UTF_8)
        + "/attachments/" + sha256, content, java.util.Map.of("Content-Type", mediaType), true),
        com.fasterxml.jackson.databind.JsonNode.class);
  }

  /** An attachment's bytes, from the record that names it. */
  public byte[] downloadAttachment(String recordId, String sha256) {
    Transport.Response r = raw("GET", "api/v1/records/"
        + URLEncoder.encode(recordId, StandardCharsets.UTF_8) + "/attachments/" + sha256, null,
        java.util.Map.of(), false);
    if (r.status() / 100 == 2) {
      return r.body();
    }
    return decode(r, byte[].class); // throws the server's problem
  }

  /** A signed-in call whose answer is not JSON to decode here. */
  private Transport.Response raw(String method, String path, byte[] body,
      java.util.Map<String, String> headers, boolean isWrite) {
    String t = token != null ? token : signIn();
    Transport.Response r = send(method, path, t, body, isWrite, headers);
    if (r.status() == 401) {
      token = null;
      r = send(method, path, signIn(), body, isWrite, headers);
    }
    return r;
  }

  /** Fetches the server's receipt-signing key (no sign-in needed). */
  public ServerKey serverKey() {
    return decode(send("GET", "api/v1/server-key", null, null, false), ServerKey.class);
  }

  /** Forgets the current token, so the next call signs in again (after enrolment, say). */
  public void resetSession() {
    token = null;
  }

  /**
   * Ends the current token on the server (best effort) and forgets it, with the refresh token:
   * the next sign-in needs the password.
   */
  public void logout() {
    String t = token;
    token = null;
    session.keepRefreshToken(null);
    if (t != null) {
      try {
        send("POST", "api/v1/auth/logout", t, null, false);
      } catch (FieldSyncException e) {
        // Offline: the token expires on its own within minutes; it is gone from this device.
      }
    }
  }

  /** Opens the poke socket, logging in first if needed. */
  public Transport.PokeSocket openPokes(Transport.PokeListener listener) {
    String t = token != null ? token : signIn();
    URI http = base.resolve("api/v1/sync/ws?deviceId="
        + URLEncoder.encode(deviceId, StandardCharsets.UTF_8));
    URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
    try {
      return transport.openPokes(ws, t, listener);
    } catch (IOException e) {
      throw unavailable(e, false);
    }
  }

  private <T> T call(String method, String path, byte[] body, Class<T> type, boolean isWrite) {
    String t = token != null ? token : signIn();
    Transport.Response r = send(method, path, t, body, isWrite);
    if (r.status() == 401) {
      token = null;
      r = send(method, path, signIn(), body, isWrite);
    }
    return decode(r, type);
  }

  /**
   * A new access token: from the refresh token when the device has one, else the password. One
   * at a time, so two threads never spend the same refresh token.
   */
  private synchronized String signIn() {
    String refreshed = refresh();
    return refreshed != null ? refreshed : login();
  }

  /**
   * Spends the kept refresh token, signed by the device key. Null when there is none, the device
   * cannot sign (locked), or the server refuses it ({@code auth.refresh.invalid}); a revoked or
   * lost device's refusal is thrown, so the device wipes itself.
   */
  private String refresh() {
    DeviceSession s = session;
    String rt = s.refreshToken();
    if (rt == null) {
      return null;
    }
    String signature = s.sign(RefreshRequest.signingBytes(deviceId, rt));
    if (signature == null) {
      return null;
    }
    Transport.Response r = send("POST", "api/v1/auth/refresh", null,
        ProtocolCodec.encode(new RefreshRequest(rt, deviceId, signature)), false);
    if (r.status() == 401 || r.status() == 400) {
      s.keepRefreshToken(null); // spent, lapsed, ended or unreadable: the password it is
      return null;
    }
    return adopt(decode(r, LoginResponse.class));
  }

  private String login() {
    Credentials c = credentials.credentials();
    byte[] body = ProtocolCodec.encode(new LoginRequest(c.username(), c.password(), deviceId));
    return adopt(decode(send("POST", "api/v1/auth/login", null, body, false),
        LoginResponse.class));
  }

  private String adopt(LoginResponse resp) {
    user = resp.user();
    token = resp.token();
    if (resp.refreshToken() != null) {
      session.keepRefreshToken(resp.refreshToken());
    }
    return token;
  }

  private Transport.Response send(
      String method, String path, String bearer, byte[] body, boolean isWrite) {
    return send(method, path, bearer, body, isWrite, java.util.Map.of());
  }

  private Transport.Response send(String method, String path, String bearer, byte[] body,
      boolean isWrite, java.util.Map<String, String> extra) {
    roundTrips.incrementAndGet();
    try {
      java.util.Map<String, String> headers = new java.util.HashMap<>(extra);
      if (path.startsWith("api/v1/sync/")) {
        headers.putAll(report.get());
      }
      return transport.send(new Transport.Request(method, base.resolve(path), bearer, body,
          headers));
    } catch (IOException e) {
      throw unavailable(e, isWrite);
    }
  }

  private static <T> T decode(Transport.Response r, Class<T> type) {
    if (r.status() / 100 == 2) {
      try {
        return ProtocolCodec.decode(r.body(), type);
      } catch (ProtocolException e) {
        throw new FieldSyncException(e.code(), "the server's answer could not be read: "
            + e.getMessage(), java.util.List.of(), true, e);
      }
    }
    Problem p;
    try {
      p = ProtocolCodec.decode(r.body(), Problem.class);
    } catch (ProtocolException e) {
      p = Problem.of(r.status() >= 500 ? ErrorCodes.SERVER_UNAVAILABLE
              : ErrorCodes.REQUEST_BODY_INVALID,
          "HTTP " + r.status());
    }
    String code = p.code() == null ? "http." + r.status() : p.code();
    return throwProblem(code, p, r.status());
  }

  private static <T> T throwProblem(String code, Problem p, int status) {
    throw new FieldSyncException(code, p.message() == null ? "HTTP " + status : p.message(),
        p.errors(), status >= 500, null);
  }

  private static FieldSyncException unavailable(IOException e, boolean isWrite) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLHandshakeException) {
        return new FieldSyncException(FieldSyncException.TRANSPORT_UNTRUSTED,
            "the server's certificate is not trusted: " + t.getMessage(), java.util.List.of(),
            false, e);
      }
    }
    return new FieldSyncException(FieldSyncException.TRANSPORT_UNAVAILABLE,
        "the server could not be reached: " + e.getClass().getSimpleName(),
        java.util.List.of(), isWrite, e);
  }
}
