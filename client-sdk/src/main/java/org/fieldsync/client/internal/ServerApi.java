package org.fieldsync.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.CredentialsProvider;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.internal.security.DeviceSecurity;
import org.fieldsync.client.internal.security.DeviceSession;
import org.fieldsync.client.internal.security.Lease;
import org.fieldsync.client.spi.Transport;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.wire.Caseload;
import org.fieldsync.protocol.wire.ChangesPage;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.protocol.wire.LoginResponse;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.PushResponse;
import org.fieldsync.protocol.wire.RefreshRequest;
import org.fieldsync.protocol.wire.UserInfo;

/**
 * The server's endpoints as blocking calls, with the bearer token managed. When there is no
 * token, or the server says it is no longer valid, an enrolled device first spends its refresh
 * token (signed with the device key), and only when that is refused asks for the password. Every
 * failure becomes a {@link FieldSyncException} with the server's problem code ({@link Failures}).
 *
 * <p>Every answer's {@code X-Server-Time} is handed to the device's clock, so it stamps revisions
 * with the server's time rather than a tablet clock that may run hours wrong. JSON bodies from
 * {@link #GZIP_FROM_BYTES} up are sent gzip-compressed: a push is repetitive JSON that shrinks
 * several times over, which counts on a rural mobile link.
 */
public final class ServerApi implements DeviceSecurity.Server {
  /**
   * JSON bodies this size and larger are sent with {@code Content-Encoding: gzip}. Below it,
   * gzip's header and the CPU cost outweigh the bytes saved (a sign-in, a one-record push).
   */
  public static final int GZIP_FROM_BYTES = 1024;

  private final URI base;
  private final Transport transport;
  private final CredentialsProvider credentials;
  private final String deviceId;
  private final DeviceSession session;
  private final Supplier<Map<String, String>> report;
  private final LongConsumer serverTime;
  private final LongSupplier now;
  private final AtomicLong roundTrips = new AtomicLong();
  private volatile String token;
  private volatile UserInfo user;

  /**
   * A client of the server at {@code base} (checked with {@link #checkBase} first).
   *
   * @param session where the device keeps its refresh token and signs with its key
   * @param report what the device reports about itself on sync calls (app version, pending and
   *     needs-attention counts), shown on the admin console's devices page
   * @param serverTime told the server's time (epoch milliseconds) from every answer that says it
   * @param now the device's time corrected to the server's (epoch milliseconds), for signing a
   *     sign-in
   */
  public ServerApi(URI base, Transport transport, CredentialsProvider credentials,
      String deviceId, DeviceSession session, Supplier<Map<String, String>> report,
      LongConsumer serverTime, LongSupplier now) {
    this.base = checkBase(base);
    this.transport = transport;
    this.credentials = credentials;
    this.deviceId = deviceId;
    this.session = session;
    this.report = report;
    this.serverTime = serverTime;
    this.now = now;
  }

  /**
   * The base URL with a trailing slash.
   *
   * @throws FieldSyncException {@code transport.insecure} for plain HTTP to another machine
   */
  public static URI checkBase(URI base) {
    String s = base.toString();
    URI b = URI.create(s.endsWith("/") ? s : s + "/");
    if ("http".equalsIgnoreCase(b.getScheme()) && !loopback(b.getHost())) {
      throw new FieldSyncException(SdkErrorCodes.TRANSPORT_INSECURE, "plain HTTP is only"
          + " for a server on this machine; use https:// for " + b.getHost());
    }
    return b;
  }

  private static boolean loopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equals("localhost") || h.equals("::1") || h.startsWith("127.");
  }

  /** The id of the device this client speaks for. */
  public String deviceId() {
    return deviceId;
  }

  /** The signed-in user, after the first successful call; null before. */
  public UserInfo user() {
    return user;
  }

  public long roundTrips() {
    return roundTrips.get();
  }

  public PushResponse push(PushRequest request) {
    return push(request, null);
  }

  /**
   * What to pull along with a push: the feed from {@code checkpoint} (null: the start), at most
   * {@code limit}, leaving out this device's own revisions, and the caseload unless its tag is
   * {@code caseloadTag} ("" when none is kept).
   */
  public record Along(String checkpoint, int limit, String caseloadTag) {}

  /** A push that also asks for the feed's next page in its answer, unless {@code along} is null. */
  public PushResponse push(PushRequest request, Along along) {
    String q = along == null ? "" : "?pull=1&limit=" + along.limit()
        + (along.checkpoint() == null ? "" : "&since=" + encode(along.checkpoint()))
        + "&deviceId=" + encode(deviceId) + "&caseloadTag=" + encode(along.caseloadTag());
    return call("POST", "api/v1/sync/push" + q, ProtocolCodec.encode(request),
        PushResponse.class, true);
  }

  /**
   * One page of the change feed.
   *
   * @param checkpoint where to go on from, or null for the start
   * @param nameDevice whether to name this device, so the server leaves out its own current
   *     revisions (it has them); a device rebuilding its store after a reset names none
   */
  public ChangesPage changes(String checkpoint, int limit, boolean nameDevice) {
    return changes(checkpoint, limit, nameDevice, null);
  }

  /** As above; with {@code caseloadTag}, the last page says whether the caseload changed. */
  public ChangesPage changes(String checkpoint, int limit, boolean nameDevice,
      String caseloadTag) {
    String q = "api/v1/sync/changes?limit=" + limit
        + (checkpoint == null ? "" : "&since=" + encode(checkpoint))
        + (nameDevice ? "&deviceId=" + encode(deviceId) : "")
        + (caseloadTag == null ? "" : "&caseloadTag=" + encode(caseloadTag));
    return call("GET", q, null, ChangesPage.class, false);
  }

  /** The cases the signed-in user holds, with their children and allocated workers. */
  public Caseload caseload() {
    return call("GET", "api/v1/caseload", null, Caseload.class, false);
  }

  /**
   * Whether the server answers at all (any HTTP status): a cheap probe, without signing in, that
   * background sync uses while it backs off after the server could not be reached.
   */
  public boolean reachable() {
    try {
      clock(transport.send(new Transport.Request("GET", base.resolve("api/v1/health"), null,
          null)));
      return true;
    } catch (IOException e) {
      return false;
    }
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
  @Override
  public void enrol(String code, String publicKey, String name, String appVersion) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", code);
    body.put("deviceId", deviceId);
    body.put("publicKey", publicKey);
    body.put("name", name);
    body.put("appVersion", appVersion);
    Failures.decode(send("POST", "api/v1/devices/enrol", null, ProtocolCodec.encode(body), false,
        Map.of()), JsonNode.class);
  }

  /** The lease as the server sends it. */
  private record LeaseAnswer(String leaseKey, long expiresAt) {}

  /** Asks the server to renew this device's lease (signed in from the enrolled device). */
  @Override
  public Lease lease() {
    LeaseAnswer a = call("POST", "api/v1/devices/lease", null, LeaseAnswer.class, false);
    return new Lease(Base64.getDecoder().decode(a.leaseKey()), a.expiresAt());
  }

  /**
   * Hands a revoked device's unpushed, signed revisions to the server's quarantine. No sign-in:
   * a revoked device cannot have one; the device signatures are the proof.
   */
  public void quarantine(PushRequest request) {
    Failures.decode(send("POST", "api/v1/devices/" + encode(deviceId) + "/quarantine", null,
        ProtocolCodec.encode(request), true, Map.of()), JsonNode.class);
  }

  /** Uploads an attachment's bytes for a case (idempotent: the server keys them by digest). */
  public void uploadAttachment(String caseId, String sha256, String mediaType, byte[] content) {
    Failures.decode(raw("PUT", "api/v1/cases/" + encode(caseId) + "/attachments/" + sha256,
        content, Map.of("Content-Type", mediaType), true), JsonNode.class);
  }

  /** An attachment's bytes, from the record that names it. */
  public byte[] downloadAttachment(String recordId, String sha256) {
    Transport.Response r = raw("GET", "api/v1/records/" + encode(recordId) + "/attachments/"
        + sha256, null, Map.of(), false);
    if (r.status() / 100 == 2) {
      return r.body();
    }
    throw Failures.problem(r);
  }

  /** Fetches the server's receipt-signing key (no sign-in needed). */
  public ServerKey serverKey() {
    return Failures.decode(send("GET", "api/v1/server-key", null, null, false, Map.of()),
        ServerKey.class);
  }

  /** Forgets the current token, so the next call signs in again (after enrolment, say). */
  @Override
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
        send("POST", "api/v1/auth/logout", t, null, false, Map.of());
      } catch (FieldSyncException e) {
        // Offline: the token expires on its own within minutes; it is gone from this device.
      }
    }
  }

  /** Opens the poke socket, logging in first if needed. */
  public Transport.PokeSocket openPokes(Transport.PokeListener listener) {
    String t = token != null ? token : signIn();
    URI http = base.resolve("api/v1/sync/ws?deviceId=" + encode(deviceId));
    URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
    try {
      return transport.openPokes(ws, t, listener);
    } catch (IOException e) {
      throw Failures.unavailable(ws, e, false);
    }
  }

  private <T> T call(String method, String path, byte[] body, Class<T> type, boolean isWrite) {
    return Failures.decode(raw(method, path, body, Map.of(), isWrite), type);
  }

  /** A signed-in call: signs in when there is no token, and once more when it was refused. */
  private Transport.Response raw(String method, String path, byte[] body,
      Map<String, String> headers, boolean isWrite) {
    if (token == null && path.startsWith("api/v1/sync/")) {
      Transport.Response folded = withRefreshFolded(method, path, body, headers, isWrite);
      if (folded != null) {
        return folded;
      }
    }
    String t = token != null ? token : signIn();
    Transport.Response r = send(method, path, t, body, isWrite, headers);
    if (r.status() == 401) {
      token = null;
      r = send(method, path, signIn(), body, isWrite, headers);
    }
    return r;
  }

  /**
   * A sync request with no access token in hand carries the device's signed refresh instead
   * (decision 0038): the server spends it exactly as {@code /auth/refresh} would and answers the
   * new tokens in headers, so a day's first sync needs no round trip of its own to sign in.
   * Null when there is no refresh token to fold (or the device cannot sign), or the server
   * refused it (then the password it is, as {@link #refresh} does). One at a time, as any
   * spending of the refresh token.
   */
  private synchronized Transport.Response withRefreshFolded(String method, String path,
      byte[] body, Map<String, String> headers, boolean isWrite) {
    if (token != null) {
      return null; // another thread signed in meanwhile
    }
    String rt = session.refreshToken();
    String signature = rt == null ? null
        : session.sign(RefreshRequest.signingBytes(deviceId, rt));
    if (signature == null) {
      return null;
    }
    Map<String, String> h = new HashMap<>(headers);
    h.put("FieldSync-Refresh", deviceId + " " + rt + " " + signature);
    Transport.Response r = send(method, path, null, body, isWrite, h);
    String next = r.headers().get("fieldsync-refresh-token");
    String access = r.headers().get("fieldsync-access-token");
    if (next != null && access != null) {
      session.keepRefreshToken(next);
      token = access;
      return r;
    }
    if (r.status() == 401 || r.status() == 400) {
      session.keepRefreshToken(null); // spent, lapsed, ended or unreadable: the password it is
      return null;
    }
    return r; // a revoked or lost device's 403, say: the caller decodes and acts on it
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
    String rt = session.refreshToken();
    if (rt == null) {
      return null;
    }
    String signature = session.sign(RefreshRequest.signingBytes(deviceId, rt));
    if (signature == null) {
      return null;
    }
    Transport.Response r = send("POST", "api/v1/auth/refresh", null,
        ProtocolCodec.encode(new RefreshRequest(rt, deviceId, signature)), false, Map.of());
    if (r.status() == 401 || r.status() == 400) {
      session.keepRefreshToken(null); // spent, lapsed, ended or unreadable: the password it is
      return null;
    }
    return adopt(Failures.decode(r, LoginResponse.class));
  }

  /**
   * Signs in with the password. An enrolled, unlocked device also signs the sign-in with its key
   * (PROTOCOL.md 8.1b), so it is throttled only by its own failures, never by what someone else's
   * guessing ran up. A throttled attempt (429) is thrown with its Retry-After, which the
   * background sync waits out.
   */
  private String login() {
    Credentials c = credentials.credentials();
    long signedAt = now.getAsLong();
    String signature = deviceId == null ? null
        : session.sign(LoginRequest.signingBytes(deviceId, c.username(), signedAt));
    byte[] body = ProtocolCodec.encode(signature == null
        ? new LoginRequest(c.username(), c.password(), deviceId)
        : new LoginRequest(c.username(), c.password(), deviceId, signedAt, signature));
    return adopt(Failures.decode(send("POST", "api/v1/auth/login", null, body, false, Map.of()),
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

  private Transport.Response send(String method, String path, String bearer, byte[] body,
      boolean isWrite, Map<String, String> extra) {
    roundTrips.incrementAndGet();
    URI uri = base.resolve(path);
    Map<String, String> headers = new HashMap<>(extra);
    if (path.startsWith("api/v1/sync/")) {
      headers.putAll(report.get());
    }
    byte[] sent = body;
    if (body != null && body.length >= GZIP_FROM_BYTES && !extra.containsKey("Content-Type")) {
      sent = Gzip.compress(body);
      headers.put("Content-Encoding", "gzip");
    }
    try {
      return clock(transport.send(new Transport.Request(method, uri, bearer, sent, headers)));
    } catch (IOException e) {
      throw Failures.unavailable(uri, e, isWrite);
    }
  }

  /**
   * Hands the answer's {@code X-Server-Time} to the clock. Only an answer from this server has
   * one (a proxy's error page does not), and over TLS it is pinned: the server's time is trusted
   * as the protocol says (section 5).
   */
  private Transport.Response clock(Transport.Response r) {
    String t = r.header("X-Server-Time");
    if (t != null && t.trim().matches("[0-9]{1,15}")) {
      serverTime.accept(Long.parseLong(t.trim()));
    }
    return r;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
