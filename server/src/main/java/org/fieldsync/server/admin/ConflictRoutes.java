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
import org.fieldsync.protocol.HybridLogicalClock;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.caserecord.ReadableNames;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.ConflictFilter;
import org.fieldsync.server.store.ConflictRow;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.sync.PokeHub;

/**
 * The sync admin's conflicts API: the conflicts queue with its filters, one conflict field by
 * field, and its resolution. Sync admins only.
 */
public final class ConflictRoutes implements RouteModule {
  private static final int MAX_LIST = 500;
  private final Store store;
  private final HybridLogicalClock clock;
  private final AuditService audit;

  /**
   * The conflicts routes.
   *
   * @param store conflicts and records
   * @param clock the server's clock, for the resolution revision
   * @param audit records admins' reads of case content
   */
  public ConflictRoutes(Store store, HybridLogicalClock clock, AuditService audit) {
    this.store = store;
    this.clock = clock;
    this.audit = audit;
  }

  @Override
  public void mount(Router router, Http http) {
    String p = Http.PREFIX + "/admin";
    router.get(p + "/conflicts").handler(http.auth()).handler(ctx -> list(ctx, http));
    router.get(p + "/filters").handler(http.auth()).handler(ctx -> filters(ctx, http));
    router.get(p + "/conflicts/:id").handler(http.auth()).handler(ctx -> detail(ctx, http));
    router.post(p + "/conflicts/:id/resolve").handler(http.bodies()).handler(http.auth())
        .handler(ctx -> resolve(ctx, http));
  }

  private void list(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    String status = choice(ctx, http, "status", "open", "open", "resolved", "all");
    String type = text(ctx, http, "type");
    if (type != null && RecordType.fromWire(type).isEmpty()) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "type must be one of "
          + Arrays.stream(RecordType.values()).map(RecordType::wireName).toList());
    }
    Long before = null;
    String age = text(ctx, http, "minAgeHours");
    if (age != null) {
      try {
        double hours = Double.parseDouble(age);
        if (!(hours >= 0 && hours <= 24 * 3650)) {
          throw new NumberFormatException();
        }
        before = http.now() - (long) (hours * 3_600_000d);
      } catch (NumberFormatException e) {
        throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID,
            "minAgeHours must be a number of hours from 0 to 87600");
      }
    }
    ConflictFilter f = new ConflictFilter("all".equals(status) ? null : status,
        text(ctx, http, "locality"), text(ctx, http, "team"), type, before);
    http.blocking(ctx, () -> store.read(tx -> {
      List<ConflictRow> found = tx.conflicts().list(f, MAX_LIST);
      Map<String, String> labels = new ReadableNames(tx).caseLabels(found.stream()
          .map(ConflictRow::caseId).toList());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (ConflictRow c : found) {
        rows.add(ConflictReview.summary(c, labels.get(c.caseId())));
      }
      return Map.of("conflicts", rows);
    }), 200);
  }

  private void filters(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    http.blocking(ctx, () -> store.read(tx -> {
      List<Map<String, String>> teams = new ArrayList<>();
      tx.directory().teams().forEach((id, name) -> teams.add(Map.of("id", id, "name", name)));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("localities", tx.directory().localities());
      out.put("teams", teams);
      out.put("types", Arrays.stream(RecordType.values()).map(RecordType::wireName).toList());
      return out;
    }), 200);
  }

  private void detail(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    String id = id(ctx);
    Principal who = http.principal(ctx);
    http.blocking(ctx, () -> {
      Map<String, Object> detail = store.read(tx -> ConflictReview.detail(tx, who,
          id));
      // Case content shown to an admin is a read of the case record: attributed.
      audit.record(AuditEvent.by(who, null, "admin.read.conflict", id, "recordId",
          detail.get("recordId"), "caseId", detail.get("caseId")));
      return detail;
    }, 200);
  }

  private void resolve(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    Principal who = http.principal(ctx);
    String id = id(ctx);
    byte[] body = http.body(ctx);
    http.blocking(ctx, () -> {
      JsonNode request = ProtocolCodec.decode(body, JsonNode.class);
      if (!request.isObject()) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID,
            "the body must be an object with reason and choices");
      }
      ConflictReview.Resolved r = store.write(tx -> ConflictReview.resolve(tx,
          clock, who, id, request, http.now()));
      PokeHub.pokeCase(ctx.vertx(), store, r.caseId());
      return r;
    }, 200);
  }

  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || id.isBlank() || id.length() > 300) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "the conflict id is invalid");
    }
    return id;
  }

  private static String text(RoutingContext ctx, Http http, String name) {
    String v = http.param(ctx, name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > 200) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, name + " is too long");
    }
    return v;
  }

  private static String choice(RoutingContext ctx, Http http, String name, String dflt,
      String... allowed) {
    String v = text(ctx, http, name);
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
