package org.fieldsync.server.export;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.Store;
import java.util.TreeSet;

/**
 * The Exports page's API, for sync admins: {@code GET /api/v1/admin/exports} (backlog per sink,
 * the oldest waiting entry, and entries of a status with the sink's last answer), and
 * {@code POST /api/v1/admin/exports/retry}, {@code /skip} and {@code /replay}. Each change needs
 * a reason and is audited with it; none shows record content.
 */
public final class ExportRoutes implements RouteModule {
  /** A change without a reason. */
  public static final String REASON_REQUIRED = "export.reason.required";
  /** No such entry in a state the change applies to. */
  public static final String NOT_FOUND = "export.notFound";
  private static final Set<String> STATUSES = Set.of("pending", "delivered", "dead", "skipped");
  private final Store store;
  private final ExportSettings settings;
  private final Clock clock;

  public ExportRoutes(Store store, ExportSettings settings, Clock clock) {
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public void mount(Router router, Http http) {
    String p = Http.PREFIX + "/admin/exports";
    router.get(p).handler(http.auth()).handler(ctx -> list(ctx, http));
    for (String action : List.of("retry", "skip", "replay")) {
      router.post(p + "/" + action).handler(http.bodies()).handler(http.auth())
          .handler(ctx -> change(ctx, http, action));
    }
  }

  private void list(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    String status = http.param(ctx, "status");
    if (status != null && !STATUSES.contains(status)) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "status is one of "
          + new TreeSet<>(STATUSES));
    }
    http.blocking(ctx, () -> store.read(tx -> {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("sinks", settings.sinks().stream().map(s -> Map.of("name", s.name(), "kind",
          s.kind(), "identities", s.identities())).toList());
      out.put("states", ExportRules.describe(settings));
      out.put("counts", tx.exports().counts());
      out.put("oldestPending", tx.exports().oldestPending());
      out.put("status", status == null ? "dead" : status);
      out.put("entries", tx.exports().list(status == null ? "dead" : status, 200));
      return out;
    }), 200);
  }

  private void change(RoutingContext ctx, Http http, String action) {
    http.requireRole(ctx, Principal.SYNC_ADMIN);
    Principal who = http.principal(ctx);
    JsonNode b = ProtocolCodec.decode(http.body(ctx), JsonNode.class);
    String reason = b.path("reason").asText("").strip();
    if (reason.isEmpty() || reason.length() > 500) {
      throw new ApiException(400, REASON_REQUIRED, "say why (reason, at most 500 characters):"
          + " it goes in the audit trail");
    }
    String sink = b.hasNonNull("sink") ? b.get("sink").asText() : null;
    if (sink != null && settings.sinks().stream().noneMatch(s -> s.name().equals(sink))) {
      throw new ApiException(404, NOT_FOUND, "no sink " + sink);
    }
    String recordId = b.path("recordId").asText("");
    String rev = b.path("rev").asText("");
    long since;
    if (action.equals("replay")) {
      try {
        since = Instant.parse(b.path("since").asText("")).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID, "since must be a time"
            + " such as 2026-12-01T00:00:00Z");
      }
    } else {
      since = 0;
      if (sink == null || recordId.isBlank() || rev.isBlank()) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID, "name the entry: sink,"
            + " recordId and rev");
      }
    }
    http.blocking(ctx, () -> {
      long now = clock.millis();
      int n = store.write(tx -> {
        int changed = switch (action) {
          case "retry" -> tx.exports().retry(sink, recordId, rev, now) ? 1 : 0;
          case "skip" -> tx.exports().skip(sink, recordId, rev) ? 1 : 0;
          default -> tx.exports().replay(sink, since, now);
        };
        if (changed == 0 && !action.equals("replay")) {
          throw new ApiException(404, NOT_FOUND, "no pending or dead entry " + recordId + ":"
              + rev + " for sink " + sink);
        }
        AuditChain.append(tx, List.of(AuditEvent.by(who, null, "export." + action,
            action.equals("replay") ? (sink == null ? "all sinks" : sink) : recordId + ":" + rev,
            "sink", sink, "reason", reason, "entries", changed, "since",
            action.equals("replay") ? Instant.ofEpochMilli(since).toString() : null)), now);
        return changed;
      });
      return Map.of("action", action, "entries", n);
    }, 200);
  }
}
