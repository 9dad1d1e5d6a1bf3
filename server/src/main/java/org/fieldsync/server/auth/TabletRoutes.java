package org.fieldsync.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.DeviceIds;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.EnrolledDevice;
import org.fieldsync.server.store.Store;

/**
 * What a tablet asks about itself, under {@code /api/v1/devices} (the sync admins' side is
 * {@code admin.DeviceRoutes}).
 *
 * <ul>
 *   <li>{@code POST /api/v1/devices/enrol}: the tablet enrols with a one-time code and its
 *       Ed25519 public key; no sign-in, the code is the credential.
 *   <li>{@code POST /api/v1/devices/lease}: an enrolled device renews its lease key.
 *   <li>{@code POST /api/v1/devices/{id}/quarantine}: a revoked device hands over its unpushed
 *       revisions, each signed with its key, if the admin allowed it. Kept, never applied.
 * </ul>
 */
public final class TabletRoutes implements RouteModule {
  static final String CODE_INVALID = "enrol.invalid";
  /** The device id is not a device id (protocol section 2), or is a reserved name. */
  static final String CODE_DEVICE_ID = "enrol.deviceId.invalid";
  static final String CODE_BAD_CODE = "enrol.codeInvalid";
  static final String CODE_EXISTS = "enrol.deviceExists";
  static final String CODE_QUARANTINE_CLOSED = "device.quarantineClosed";

  private final Store store;
  private final DeviceRegistry devices;
  private final DeviceGuard guard;
  private final SignInThrottle logins;
  private final AuditService audit;
  private final int maxBatch;
  private final long leaseSeconds;
  private final Clock clock;

  /**
   * A tablet's own device routes.
   *
   * @param store devices, enrolment codes and the quarantine
   * @param devices the in-memory registry, updated as devices enrol
   * @param guard admits the lease request of an enrolled device only
   * @param logins throttles addresses that send wrong enrolment codes
   * @param audit records refused leases
   * @param maxBatch most revisions one quarantine hand-over may carry
   * @param leaseSeconds how long a lease lasts
   * @param clock the server's time
   */
  public TabletRoutes(Store store, DeviceRegistry devices, DeviceGuard guard,
      SignInThrottle logins, AuditService audit, int maxBatch, long leaseSeconds, Clock clock) {
    this.store = store;
    this.devices = devices;
    this.guard = guard;
    this.logins = logins;
    this.audit = audit;
    this.maxBatch = maxBatch;
    this.leaseSeconds = leaseSeconds;
    this.clock = clock;
  }

  @Override
  public void mount(Router router, Http http) {
    String p = Http.PREFIX + "/devices";
    router.post(p + "/enrol").handler(http.bodies()).handler(ctx -> enrol(ctx, http));
    router.post(p + "/:id/quarantine").handler(http.bodies())
        .handler(ctx -> quarantine(ctx, http));
    router.post(p + "/lease").handler(http.auth()).handler(ctx -> lease(ctx, http));
  }

  /**
   * The device's lease: its lease key and when it expires. The tablet keeps the key only until
   * then, so it cannot open its data after a long time offline without asking again.
   */
  private void lease(RoutingContext ctx, Http http) {
    Principal who = http.principal(ctx);
    EnrolledDevice d = guard.enrolled(who);
    if ("lost".equals(d.status())) {
      audit.record(AuditEvent.by(who, d.deviceId(), "lease.refused", d.deviceId()));
      throw new ApiException(403, ErrorCodes.DEVICE_LOST, "this device was reported lost; its"
          + " lease is not renewed");
    }
    if (!d.active()) {
      throw DeviceGuard.inactive(d);
    }
    long expiresAt = clock.millis() + leaseSeconds * 1000L;
    http.json(ctx, 200, ProtocolCodec.encode(Map.of("leaseKey",
        Base64.getEncoder().encodeToString(devices.leaseKey(d.deviceId())),
        "expiresAt", expiresAt)));
  }

  private void enrol(RoutingContext ctx, Http http) {
    byte[] body = http.body(ctx);
    String address = ctx.request().remoteAddress() == null ? "unknown"
        : ctx.request().remoteAddress().hostAddress();
    http.blocking(ctx, () -> {
      JsonNode req = ProtocolCodec.decode(body, JsonNode.class);
      String deviceId = req.path("deviceId").asText("");
      String key = req.path("publicKey").asText("");
      String name = req.path("name").asText("");
      String version = req.path("appVersion").asText(null);
      if (!DeviceIds.isValid(deviceId)) {
        // Before the code is spent: the tablet can fix its id and enrol with the same code.
        throw new ApiException(400, CODE_DEVICE_ID, "deviceId must be " + DeviceIds.describe());
      }
      if (!DeviceRegistry.validPublicKey(key)
          || name.length() > 100 || version != null && version.length() > 64) {
        throw new ApiException(400, CODE_INVALID, "an enrolment needs a deviceId, the device's"
            + " Ed25519 public key (raw 32 bytes, base64url) and an optional short name");
      }
      long now = clock.millis();
      String codeHash = DeviceRegistry.hash(req.path("code").asText(""));
      long wait = logins.enrolmentRetryAfterSeconds(address);
      if (wait > 0 && !store.read(tx -> tx.devices().enrolmentCodeUsable(codeHash, now))) {
        // An address that sent many wrong codes is slowed, but a valid code from it (a
        // colleague behind the same office address) still enrols: a code is about 59 random
        // bits, lives 15 minutes and works once, so no rate of guessing finds one; the throttle
        // only keeps a flood to one read each (decision 0028).
        logins.enrolmentFailed(address);
        throw ApiException.retryAfter(429, ErrorCodes.AUTH_RATE_LIMITED, "the enrolment code is"
            + " wrong, used or expired, and this address has sent many such codes; check the"
            + " code and try again in " + wait + " second(s)", wait);
      }
      EnrolledDevice d = store.write(tx -> {
        if (tx.devices().enrolled(deviceId).isPresent()) {
          throw new ApiException(409, CODE_EXISTS, "this device is already enrolled");
        }
        String[] code = tx.devices().useEnrolmentCode(codeHash, now, deviceId).orElse(null);
        if (code == null) {
          logins.enrolmentFailed(address);
          throw new ApiException(401, CODE_BAD_CODE, "the enrolment code is wrong, used or"
              + " expired; ask a sync admin for a new one");
        }
        String userId = code[0];
        EnrolledDevice e = new EnrolledDevice(deviceId, userId, key, name.isEmpty() ? null
            : name, version, code[1], now, "active", false);
        tx.devices().enrol(e);
        AuditChain.append(tx, List.of(new AuditEvent(userId, null, deviceId, "device.enrol",
            deviceId, AuditEventDetail.of("name", name, "appVersion", version))), now);
        return e;
      });
      devices.put(d);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("deviceId", d.deviceId());
      out.put("userId", d.userId());
      out.put("username", store.read(tx -> tx.directory().userById(d.userId()))
          .map(u -> u.username()).orElse(null));
      return out;
    }, 201);
  }

  private void quarantine(RoutingContext ctx, Http http) {
    String id = ctx.pathParam("id");
    byte[] body = http.body(ctx);
    http.blocking(ctx, () -> {
      EnrolledDevice d = devices.get(id).orElseThrow(() ->
          new ApiException(404, ErrorCodes.DEVICE_NOT_FOUND, "no enrolled device " + id));
      if (d.active() || !d.quarantine()) {
        throw new ApiException(403, CODE_QUARANTINE_CLOSED, "this device may not hand over"
            + " work: it is active (sync instead) or a sync admin closed its quarantine");
      }
      PushRequest req = ProtocolCodec.decode(body, PushRequest.class);
      List<Revision> revs = req.revisions();
      if (revs.size() > maxBatch || revs.stream().anyMatch(r -> r == null)
          || req.signatures().size() != revs.size()) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
            "send the revisions and one signature for each");
      }
      for (int i = 0; i < revs.size(); i++) {
        Revision r = revs.get(i);
        if (!id.equals(r.deviceId()) || !Revisions.revMatches(r)
            || !devices.signed(id, r, req.signatures().get(i))) {
          throw new ApiException(400, ErrorCodes.REVISION_SIGNATURE_INVALID, "revision " + i
              + " is not this device's signed revision");
        }
      }
      long now = clock.millis();
      int kept = store.write(tx -> {
        int n = 0;
        for (int i = 0; i < revs.size(); i++) {
          Revision r = revs.get(i);
          if (tx.devices().quarantine(id, r.id(), r.rev(), ProtocolCodec.encodeToString(r),
              req.signatures().get(i), now)) {
            n++;
          }
        }
        AuditChain.append(tx, List.of(new AuditEvent(d.userId(), null, id, "device.quarantine", id,
            AuditEventDetail.of("revisions", revs.size(), "new", n))), now);
        return n;
      });
      return Map.of("kept", kept, "received", revs.size());
    }, 200);
  }

  /** Detail JSON for events built without a principal. */
  private static final class AuditEventDetail {
    static String of(Object... kv) {
      return AuditEvent.anonymous("x", null, kv).detail();
    }
  }
}
