package org.fieldsync.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.DeviceRow;
import org.fieldsync.server.store.EnrolledDevice;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.UserRow;

/**
 * The sync admins' side of devices (a tablet's own calls are {@code auth.TabletRoutes}).
 *
 * <ul>
 *   <li>{@code GET /api/v1/admin/devices}: the devices page: every enrolled device with what it
 *       last reported, and devices that reported without enrolling.
 *   <li>{@code POST /api/v1/admin/enrolment-codes}: a one-time, short-lived enrolment code for a
 *       named user.
 *   <li>{@code POST /api/v1/admin/devices/{id}/revoke}: revokes a device, saying whether it may
 *       still hand over unpushed work; the device's next request is refused with
 *       {@code device.revoked}, its signal to wipe itself.
 *   <li>{@code POST /api/v1/admin/devices/{id}/lost}: reports a tablet lost; its lease is never
 *       renewed again.
 * </ul>
 */
public final class DeviceRoutes implements RouteModule {
  static final long CODE_TTL_MILLIS = 15 * 60 * 1000L;

  private final Store store;
  private final Clock clock;
  private final DeviceRegistry devices;

  /**
   * The sync admins' device routes.
   *
   * @param store devices and enrolment codes
   * @param devices the in-memory registry, kept current as devices are revoked or lost
   */
  public DeviceRoutes(Store store, DeviceRegistry devices, Clock clock) {
    this.clock = clock;
    this.store = store;
    this.devices = devices;
  }

  @Override
  public void mount(Router router, Http http) {
    String p = Http.PREFIX;
    router.get(p + "/admin/devices").handler(http.auth()).handler(ctx -> list(ctx, http));
    router.post(p + "/admin/enrolment-codes").handler(http.bodies()).handler(http.auth())
        .handler(ctx -> issue(ctx, http));
    router.post(p + "/admin/devices/:id/revoke").handler(http.bodies()).handler(http.auth())
        .handler(ctx -> revoke(ctx, http));
    router.post(p + "/admin/devices/:id/lost").handler(http.auth())
        .handler(ctx -> lost(ctx, http));
  }

  /** A sync admin reports a tablet lost: its lease is never renewed again. */
  private void lost(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    Principal who = http.principal(ctx);
    String id = ctx.pathParam("id");
    http.blocking(ctx, () -> {
      long now = clock.millis();
      EnrolledDevice d = store.write(tx -> {
        EnrolledDevice e = tx.devices().enrolled(id).orElseThrow(() ->
            new ApiException(404, ErrorCodes.DEVICE_NOT_FOUND, "no enrolled device " + id));
        tx.devices().markLost(id, who.userId(), now);
        tx.credentials().endRefreshTokens(id, now);
        AuditChain.append(tx, List.of(AuditEvent.by(who, null, "device.lost", id, "userId",
            e.userId())), now);
        return tx.devices().enrolled(id).orElseThrow();
      });
      devices.put(d);
      return Map.of("deviceId", d.deviceId(), "status", d.status());
    }, 200);
  }

  /**
   * The devices page: every enrolled device with what it last reported (app version, pending and
   * needs-attention counts) and what it handed over in quarantine.
   */
  private void list(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    http.blocking(ctx, () -> store.read(tx -> {
      // Enrolled devices, with what each last reported; then any that reported but never
      // enrolled (they cannot sync, so they show as such).
      Map<String, DeviceRow> reports = new LinkedHashMap<>();
      tx.devices().reports().forEach(d -> reports.put(d.deviceId(), d));
      List<EnrolledDevice> enrolled = tx.devices().enrolled();
      List<String> users = new ArrayList<>();
      enrolled.forEach(e -> users.add(e.userId()));
      reports.values().forEach(d -> users.add(d.userId()));
      Map<String, String> names = ConflictReview.names(tx, users);
      Map<String, String> usernames = new LinkedHashMap<>();
      for (String u : users) {
        if (!usernames.containsKey(u)) {
          usernames.put(u, tx.directory().userById(u).map(UserRow::username).orElse(null));
        }
      }
      List<Map<String, Object>> out = new ArrayList<>();
      for (var e : enrolled) {
        out.add(device(e.deviceId(), e.userId(), usernames, names, e.name(), e.status(),
            reports.remove(e.deviceId()), e.appVersion(), tx.devices().quarantined(e.deviceId())));
      }
      for (DeviceRow d : reports.values()) {
        out.add(device(d.deviceId(), d.userId(), usernames, names, null, "not enrolled", d,
            null, 0));
      }
      out.sort(Comparator.comparing((Map<String, Object> m) ->
          m.get("lastSeenAt") == null ? 0L : -((Long) m.get("lastSeenAt"))));
      return Map.of("devices", out);
    }), 200);
  }

  private static Map<String, Object> device(String id, String userId,
      Map<String, String> usernames, Map<String, String> names, String name, String status,
      DeviceRow report, String enrolledVersion, int quarantined) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deviceId", id);
    m.put("userId", userId);
    m.put("username", usernames.get(userId));
    m.put("displayName", names.getOrDefault(userId, userId));
    m.put("name", name);
    m.put("status", status);
    m.put("appVersion", report != null && report.appVersion() != null ? report.appVersion()
        : enrolledVersion);
    m.put("lastSeenAt", report == null ? null : report.lastSeenAt());
    m.put("pending", report == null ? null : report.pending());
    m.put("needsAttention", report == null ? null : report.needsAttention());
    m.put("quarantined", quarantined);
    return m;
  }

  private void issue(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    Principal who = http.principal(ctx);
    byte[] body = http.body(ctx);
    http.blocking(ctx, () -> {
      // The user is named as at sign-in, by user name: the internal id is nothing a sync admin
      // (or a script of theirs) should need to know.
      String username = ProtocolCodec.decode(body, JsonNode.class).path("username").asText("");
      if (username.isBlank() || username.length() > 200) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
            "name the user the code is for: {\"username\": \"fw.alice\"}");
      }
      long now = clock.millis();
      String code = store.write(tx -> {
        String userId = tx.directory().userByUsername(username).orElseThrow(
            () -> new ApiException(404, ErrorCodes.USER_NOT_FOUND, "no user with the user name "
                + username)).id();
        String c = DeviceRegistry.issueCode(tx, userId, who.userId(), now, CODE_TTL_MILLIS);
        AuditChain.append(tx, List.of(AuditEvent.by(who, null, "enrolment.code", userId)), now);
        return c;
      });
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("code", code);
      out.put("username", username);
      out.put("expiresAt", now + CODE_TTL_MILLIS);
      return out;
    }, 201);
  }

  private void revoke(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    Principal who = http.principal(ctx);
    String id = ctx.pathParam("id");
    byte[] body = http.body(ctx);
    http.blocking(ctx, () -> {
      // A boolean or absent (false); anything else is refused rather than read as false, which
      // would close the quarantine and let the tablet destroy its unpushed work.
      JsonNode q = ProtocolCodec.decode(body, JsonNode.class).path("quarantine");
      if (!q.isMissingNode() && !q.isBoolean()) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
            "quarantine must be true or false", List.of(new FieldError("quarantine",
                ErrorCodes.REQUEST_BODY_INVALID, "quarantine must be true or false")));
      }
      boolean quarantine = q.asBoolean(false);
      long now = clock.millis();
      EnrolledDevice d = store.write(tx -> {
        EnrolledDevice e = tx.devices().enrolled(id).orElseThrow(() ->
            new ApiException(404, ErrorCodes.DEVICE_NOT_FOUND, "no enrolled device " + id));
        tx.credentials().endRefreshTokens(id, now);
        if (tx.devices().revoke(id, who.userId(), now, quarantine)) {
          AuditChain.append(tx, List.of(AuditEvent.by(who, null, "device.revoke", id, "userId",
              e.userId(), "quarantine", quarantine)), now);
        }
        return tx.devices().enrolled(id).orElseThrow();
      });
      devices.put(d);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("deviceId", d.deviceId());
      out.put("status", d.status());
      out.put("quarantine", d.quarantine());
      return out;
    }, 200);
  }

}
