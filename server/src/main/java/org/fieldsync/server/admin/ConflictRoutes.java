package org.fieldsync.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.server.Services;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.auth.Principal;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.ApiVerticle;
import org.fieldsync.server.http.Auth;
import org.fieldsync.server.store.ConflictFilter;
import org.fieldsync.server.store.ConflictRow;
import org.fieldsync.server.store.DeviceRow;
import org.fieldsync.server.sync.PokeHub;

/**
 * The sync admin's API: the conflicts queue with its filters, one conflict field by field, its
 * resolution, and the devices page. Sync admins only.
 */
public final class ConflictRoutes {
  private static final int MAX_LIST = 500;
  private final Services services;
  private final ApiVerticle api;

  public ConflictRoutes(Services services, ApiVerticle api) {
    this.services = services;
    this.api = api;
  }

  public void mount(Router router, Auth auth) {
    String p = ApiVerticle.PREFIX + "/admin";
    router.get(p + "/conflicts").handler(auth::handle).handler(this::list);
    router.get(p + "/filters").handler(auth::handle).handler(this::filters);
    router.get(p + "/conflicts/:id").handler(auth::handle).handler(this::detail);
    router.post(p + "/conflicts/:id/resolve").handler(api.bodies()).handler(auth::handle)
        .handler(this::resolve);
    router.get(p + "/devices").handler(auth::handle).handler(this::devices);
  }

  private void list(RoutingContext ctx) {
    ApiVerticle.requireRole(ctx, Principal.SYNC_ADMIN);
    String status = choice(ctx, "status", "open", "open", "resolved", "all");
    String type = text(ctx, "type");
    if (type != null && RecordType.fromWire(type).isEmpty()) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "type must be one of "
          + Arrays.stream(RecordType.values()).map(RecordType::wireName).toList());
    }
    Long before = null;
    String age = text(ctx, "minAgeHours");
    if (age != null) {
      try {
        double hours = Double.parseDouble(age);
        if (!(hours >= 0 && hours <= 24 * 3650)) {
          throw new NumberFormatException();
        }
        before = System.currentTimeMillis() - (long) (hours * 3_600_000d);
      } catch (NumberFormatException e) {
        throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID,
            "minAgeHours must be a number of hours from 0 to 87600");
      }
    }
    ConflictFilter f = new ConflictFilter("all".equals(status) ? null : status,
        text(ctx, "locality"), text(ctx, "team"), type, before);
    api.blocking(ctx, () -> services.store().read(tx -> {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ConflictRow c : tx.conflicts(f, MAX_LIST)) {
        rows.add(ConflictReview.summary(c));
      }
      return Map.of("conflicts", rows);
    }), 200);
  }

  private void filters(RoutingContext ctx) {
    ApiVerticle.requireRole(ctx, Principal.SYNC_ADMIN);
    api.blocking(ctx, () -> services.store().read(tx -> {
      List<Map<String, String>> teams = new ArrayList<>();
      tx.teams().forEach((id, name) -> teams.add(Map.of("id", id, "name", name)));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("localities", tx.localities());
      out.put("teams", teams);
      out.put("types", Arrays.stream(RecordType.values()).map(RecordType::wireName).toList());
      return out;
    }), 200);
  }

  private void detail(RoutingContext ctx) {
    ApiVerticle.requireRole(ctx, Principal.SYNC_ADMIN);
    String id = id(ctx);
    Principal who = ApiVerticle.principal(ctx);
    api.blocking(ctx, () -> {
      Map<String, Object> detail = services.store().read(tx -> ConflictReview.detail(tx, who,
          id));
      // Case content shown to an admin is a read of the case record: attributed.
      services.audit().record(AuditEvent.by(who, null, "admin.read.conflict", id, "recordId",
          detail.get("recordId"), "caseId", detail.get("caseId")));
      return detail;
    }, 200);
  }

  private void resolve(RoutingContext ctx) {
    ApiVerticle.requireRole(ctx, Principal.SYNC_ADMIN);
    Principal who = ApiVerticle.principal(ctx);
    String id = id(ctx);
    byte[] body = ApiVerticle.body(ctx);
    api.blocking(ctx, () -> {
      JsonNode request = ProtocolCodec.decode(body, JsonNode.class);
      if (!request.isObject()) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
            "the body must be an object with reason and choices");
      }
      ConflictReview.Resolved r = services.store().write(tx -> ConflictReview.resolve(tx,
          services.push().clock(), who, id, request, System.currentTimeMillis()));
      PokeHub.pokeCase(ctx.vertx(), services.store(), r.caseId());
      return r;
    }, 200);
  }

  private void devices(RoutingContext ctx) {
    ApiVerticle.requireRole(ctx, Principal.SYNC_ADMIN);
    api.blocking(ctx, () -> services.store().read(tx -> {
      // Enrolled devices, with what each last reported; then any that reported but never
      // enrolled (they cannot sync, so they show as such).
      Map<String, DeviceRow> reports = new LinkedHashMap<>();
      tx.devices().forEach(d -> reports.put(d.deviceId(), d));
      List<org.fieldsync.server.store.EnrolledDevice> enrolled = tx.enrolledDevices();
      List<String> users = new ArrayList<>();
      enrolled.forEach(e -> users.add(e.userId()));
      reports.values().forEach(d -> users.add(d.userId()));
      Map<String, String> names = ConflictReview.names(tx, users);
      List<Map<String, Object>> out = new ArrayList<>();
      for (var e : enrolled) {
        out.add(device(e.deviceId(), e.userId(), names, e.name(), e.status(),
            reports.remove(e.deviceId()), e.appVersion(), tx.quarantined(e.deviceId())));
      }
      for (DeviceRow d : reports.values()) {
        out.add(device(d.deviceId(), d.userId(), names, null, "not enrolled", d, null, 0));
      }
      out.sort(java.util.Comparator.comparing((Map<String, Object> m) ->
          m.get("lastSeenAt") == null ? 0L : -((Long) m.get("lastSeenAt"))));
      return Map.of("devices", out);
    }), 200);
  }

  private static Map<String, Object> device(String id, String userId, Map<String, String> names,
      String name, String status, DeviceRow report, String enrolledVersion, int quarantined) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deviceId", id);
    m.put("userId", userId);
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

  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || id.isBlank() || id.length() > 300) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "the conflict id is invalid");
    }
    return id;
  }

  private static String text(RoutingContext ctx, String name) {
    String v = ApiVerticle.param(ctx, name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > 200) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, name + " is too long");
    }
    return v;
  }

  private static String choice(RoutingContext ctx, String name, String dflt, String... allowed) {
    String v = text(ctx, name);
    if (v == null) {
      return dflt;
    }
    if (!Arrays.asList(allowed).contains(v)) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID,
          name + " must be one of " + Arrays.toString(allowed));
    }
    return v;
  }
}
