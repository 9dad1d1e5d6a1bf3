package org.fieldsync.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.server.Services;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.auth.Principal;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.ApiVerticle;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.store.EnrolledDevice;

/**
 * Device enrolment and revocation.
 *
 * <ul>
 *   <li>{@code POST /api/v1/admin/enrolment-codes}: a sync admin issues a one-time, short-lived
 *       code for a named user.
 *   <li>{@code POST /api/v1/devices/enrol}: the tablet enrols with the code and its Ed25519
 *       public key; no sign-in, the code is the credential.
 *   <li>{@code POST /api/v1/admin/devices/{id}/revoke}: a sync admin revokes a device, and says
 *       whether it may still hand over unpushed work; the device's next request is refused with
 *       {@code device.revoked}, its signal to wipe itself.
 *   <li>{@code POST /api/v1/devices/{id}/quarantine}: a revoked device hands over its unpushed
 *       revisions, each signed with its key, if the admin allowed it. Kept, never applied.
 * </ul>
 */
public final class DeviceRoutes {
  static final String CODE_INVALID = "enrol.invalid";
  static final String CODE_BAD_CODE = "enrol.codeInvalid";
  static final String CODE_EXISTS = "enrol.deviceExists";
  static final String CODE_QUARANTINE_CLOSED = "device.quarantineClosed";
  static final long CODE_TTL_MILLIS = 15 * 60 * 1000L;
  static final String CODE_LOST = "device.lost";

  private final Services services;
  private final ApiVerticle api;

  public DeviceRoutes(Services services, ApiVerticle api) {
    this.services = services;
    this.api = api;
  }

  public void mount(Router router, Auth auth) {
    String p = ApiVerticle.PREFIX;
    router.post(p + "/admin/enrolment-codes").handler(api.bodies()).handler(auth::handle)
        .handler(this::issue);
    router.post(p + "/devices/enrol").handler(api.bodies()).handler(this::enrol);
    router.post(p + "/admin/devices/:id/revoke").handler(api.bodies()).handler(auth::handle)
        .handler(this::revoke);
    router.post(p + "/devices/:id/quarantine").handler(api.bodies()).handler(this::quarantine);
    router.post(p + "/admin/devices/:id/lost").handler(auth::handle).handler(this::lost);
    router.post(p + "/devices/lease").handler(auth::handle).handler(this::lease);
  }

  /** A sync admin reports a tablet lost: its lease is never renewed again. */
  private void lost(RoutingContext ctx) {
    ApiVerticle.requireRole(ctx, Principal.SYNC_ADMIN);
    Principal who = ApiVerticle.principal(ctx);
    String id = ctx.pathParam("id");
    api.blocking(ctx, () -> {
      long now = System.currentTimeMillis();
      EnrolledDevice d = services.store().write(tx -> {
        EnrolledDevice e = tx.enrolledDevice(id).orElseThrow(() ->
            new ApiException(404, "device.notFound", "no enrolled device " + id));
        tx.markLost(id, who.userId(), now);
        tx.endRefreshTokens(id, now);
        AuditChain.append(tx, List.of(AuditEvent.by(who, null, "device.lost", id, "userId",
            e.userId())), now);
        return tx.enrolledDevice(id).orElseThrow();
      });
      services.devices().put(d);
      return Map.of("deviceId", d.deviceId(), "status", d.status());
    }, 200);
  }

  /**
   * The device's lease: its lease key and when it expires. The tablet keeps the key only until
   * then, so it cannot open its data after a long time offline without asking again.
   */
  private void lease(RoutingContext ctx) {
    Principal who = ApiVerticle.principal(ctx);
    EnrolledDevice d = services.devices().get(who.deviceId()).orElseThrow(() ->
        new ApiException(403, "device.notEnrolled", "this session has no enrolled device"));
    if ("lost".equals(d.status())) {
      services.audit().record(AuditEvent.by(who, d.deviceId(), "lease.refused", d.deviceId()));
      throw new ApiException(403, CODE_LOST, "this device was reported lost; its lease is not"
          + " renewed");
    }
    if (!d.active()) {
      throw new ApiException(403, "device.revoked", "this device has been revoked; it must wipe"
          + " its data");
    }
    long expiresAt = System.currentTimeMillis() + services.config().leaseSeconds() * 1000L;
    ApiVerticle.json(ctx, 200, ProtocolCodec.encode(Map.of("leaseKey",
        java.util.Base64.getEncoder().encodeToString(services.devices().leaseKey(d.deviceId())),
        "expiresAt", expiresAt)));
  }

  private void issue(RoutingContext ctx) {
    ApiVerticle.requireRole(ctx, Principal.SYNC_ADMIN);
    Principal who = ApiVerticle.principal(ctx);
    byte[] body = ApiVerticle.body(ctx);
    api.blocking(ctx, () -> {
      String userId = ProtocolCodec.decode(body, JsonNode.class).path("userId").asText("");
      long now = System.currentTimeMillis();
      String code = services.store().write(tx -> {
        if (userId.isEmpty() || tx.userById(userId).isEmpty()) {
          throw new ApiException(404, "user.notFound", "no user " + userId);
        }
        String c = DeviceRegistry.issueCode(tx, userId, who.userId(), now, CODE_TTL_MILLIS);
        AuditChain.append(tx, List.of(AuditEvent.by(who, null, "enrolment.code", userId)), now);
        return c;
      });
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("code", code);
      out.put("userId", userId);
      out.put("expiresAt", now + CODE_TTL_MILLIS);
      return out;
    }, 201);
  }

  private void enrol(RoutingContext ctx) {
    byte[] body = ApiVerticle.body(ctx);
    String address = ctx.request().remoteAddress() == null ? "unknown"
        : ctx.request().remoteAddress().hostAddress();
    if (services.logins().retryAfterSeconds("enrolment", address) > 0) {
      throw new ApiException(429, ErrorCodes.AUTH_RATE_LIMITED,
          "too many failed enrolments from this address; try again later");
    }
    api.blocking(ctx, () -> {
      JsonNode req = ProtocolCodec.decode(body, JsonNode.class);
      String deviceId = req.path("deviceId").asText("");
      String key = req.path("publicKey").asText("");
      String name = req.path("name").asText("");
      String version = req.path("appVersion").asText(null);
      if (deviceId.isEmpty() || deviceId.length() > 128 || !DeviceRegistry.validPublicKey(key)
          || name.length() > 100 || version != null && version.length() > 64) {
        throw new ApiException(400, CODE_INVALID, "an enrolment needs a deviceId, the device's"
            + " Ed25519 public key (raw 32 bytes, base64url) and an optional short name");
      }
      long now = System.currentTimeMillis();
      EnrolledDevice d = services.store().write(tx -> {
        if (tx.enrolledDevice(deviceId).isPresent()) {
          throw new ApiException(409, CODE_EXISTS, "this device is already enrolled");
        }
        String[] code = tx.useEnrolmentCode(DeviceRegistry.hash(req.path("code").asText("")),
            now, deviceId).orElse(null);
        if (code == null) {
          services.logins().failed("enrolment", address);
          throw new ApiException(401, CODE_BAD_CODE, "the enrolment code is wrong, used or"
              + " expired; ask a sync admin for a new one");
        }
        String userId = code[0];
        EnrolledDevice e = new EnrolledDevice(deviceId, userId, key, name.isEmpty() ? null
            : name, version, code[1], now, "active", false);
        tx.enrolDevice(e);
        AuditChain.append(tx, List.of(new AuditEvent(userId, null, deviceId, "device.enrol",
            deviceId, AuditEventDetail.of("name", name, "appVersion", version))), now);
        return e;
      });
      services.devices().put(d);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("deviceId", d.deviceId());
      out.put("userId", d.userId());
      return out;
    }, 201);
  }

  private void revoke(RoutingContext ctx) {
    ApiVerticle.requireRole(ctx, Principal.SYNC_ADMIN);
    Principal who = ApiVerticle.principal(ctx);
    String id = ctx.pathParam("id");
    byte[] body = ApiVerticle.body(ctx);
    api.blocking(ctx, () -> {
      boolean quarantine = ProtocolCodec.decode(body, JsonNode.class).path("quarantine")
          .asBoolean(false);
      long now = System.currentTimeMillis();
      EnrolledDevice d = services.store().write(tx -> {
        EnrolledDevice e = tx.enrolledDevice(id).orElseThrow(() ->
            new ApiException(404, "device.notFound", "no enrolled device " + id));
        tx.endRefreshTokens(id, now);
        if (tx.revokeDevice(id, who.userId(), now, quarantine)) {
          AuditChain.append(tx, List.of(AuditEvent.by(who, null, "device.revoke", id, "userId",
              e.userId(), "quarantine", quarantine)), now);
        }
        return tx.enrolledDevice(id).orElseThrow();
      });
      services.devices().put(d);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("deviceId", d.deviceId());
      out.put("status", d.status());
      out.put("quarantine", d.quarantine());
      return out;
    }, 200);
  }

  private void quarantine(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    byte[] body = ApiVerticle.body(ctx);
    api.blocking(ctx, () -> {
      EnrolledDevice d = services.devices().get(id).orElseThrow(() ->
          new ApiException(404, "device.notFound", "no enrolled device " + id));
      if (d.active() || !d.quarantine()) {
        throw new ApiException(403, CODE_QUARANTINE_CLOSED, "this device may not hand over"
            + " work: it is active (sync instead) or a sync admin closed its quarantine");
      }
      PushRequest req = ProtocolCodec.decode(body, PushRequest.class);
      List<Revision> revs = req.revisions();
      if (revs.size() > services.config().maxBatch() || revs.stream().anyMatch(r -> r == null)
          || req.signatures().size() != revs.size()) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
            "send the revisions and one signature for each");
      }
      for (int i = 0; i < revs.size(); i++) {
        Revision r = revs.get(i);
        if (!id.equals(r.deviceId()) || !Revisions.revMatches(r)
            || !services.devices().signed(id, r, req.signatures().get(i))) {
          throw new ApiException(400, "revision.signature.invalid", "revision " + i
              + " is not this device's signed revision");
        }
      }
      long now = System.currentTimeMillis();
      int kept = services.store().write(tx -> {
        int n = 0;
        for (int i = 0; i < revs.size(); i++) {
          Revision r = revs.get(i);
          if (tx.quarantine(id, r.id(), r.rev(), ProtocolCodec.encodeToString(r),
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
