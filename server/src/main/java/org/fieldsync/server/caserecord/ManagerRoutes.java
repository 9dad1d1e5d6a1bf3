package org.fieldsync.server.caserecord;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.FeedRow;
import org.fieldsync.server.store.RecordRow;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.Tx;

/**
 * What waits for a team manager (or a service manager, who has the team-manager role and a higher
 * limit): {@code GET /api/v1/manager/fnsp}, the submitted FNSP requests of their team with the
 * meeting each came from, the facilitator's independence and the amount against their own limit;
 * and {@code GET /api/v1/manager/sign-offs}, the supervision notes they led that are not signed
 * off. The console's manager pages read these; the decisions go through the existing decision and
 * sign-off routes. Restricted records the manager is not named on are left out.
 */
public final class ManagerRoutes implements RouteModule {
  /** The most items one list answers; a team has far fewer open at a time. */
  static final int MAX_ITEMS = 500;

  private final Store store;

  public ManagerRoutes(Store store) {
    this.store = store;
  }

  @Override
  public void mount(Router router, Http http) {
    router.get(Http.PREFIX + "/manager/fnsp").handler(http.auth())
        .handler(ctx -> fnsp(ctx, http));
    router.get(Http.PREFIX + "/manager/sign-offs").handler(http.auth())
        .handler(ctx -> signOffs(ctx, http));
  }

  private void fnsp(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.TEAM_MANAGER);
    Principal who = http.principal(ctx);
    http.blocking(ctx, () -> store.read(tx -> {
      ReadableNames names = new ReadableNames(tx);
      long limit = tx.directory().approvalLimitPence(who.userId());
      List<Map<String, Object>> items = new ArrayList<>();
      for (FeedRow row : tx.feed().ofType(who.scope(), who.userId(),
          RecordType.FNSP_REQUEST.wireName(), MAX_ITEMS)) {
        Revision r = row.revision();
        JsonNode b = ProtocolCodec.readTree(r.body());
        if (row.withheld() || r.deleted() || !"submitted".equals(b.path("status").asText())) {
          continue;
        }
        long amount = b.path("amountPence").asLong(0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordId", r.id());
        m.put("caseId", r.caseId());
        m.put("caseLabel", names.caseLabel(r.caseId()));
        m.put("underReview", "conflicted".equals(row.status()));
        m.put("description", b.path("description").asText(null));
        m.put("category", b.path("category").asText(null));
        m.put("amountPence", amount);
        m.put("beneficiary", b.path("beneficiary").asText(null));
        m.put("deliveringOrganisation", b.path("deliveringOrganisation").asText(null));
        m.put("requestedBy", r.authorId());
        m.put("requestedByName", names.user(r.authorId()));
        m.put("requestedByAgency", row.authorAgency());
        m.put("meeting", meeting(tx, b.path("meetingId").asText(""), r.caseId()));
        String referredBy = b.path("referredBy").asText(null);
        m.put("referredBy", referredBy);
        m.put("referredByName", referredBy == null ? null : names.user(referredBy));
        m.put("referredAt", b.path("referredAt").asText(null));
        m.put("referralNote", b.path("referralNote").asText(null));
        m.put("limitPence", limit);
        m.put("withinLimit", amount <= limit);
        m.put("ownRequest", r.authorId().equals(who.userId()));
        items.add(m);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("limitPence", limit);
      out.put("requests", items);
      return out;
    }), 200);
  }

  /** The meeting a request came from, with what decides its independence. */
  private static Map<String, Object> meeting(Tx tx, String meetingId, String caseId)
      throws SQLException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recordId", meetingId);
    Optional<RecordRow> row = tx.revisions().current(meetingId)
        .filter(x -> RecordType.FAMILY_MEETING.wireName().equals(x.type())
            && caseId.equals(x.caseId()));
    Optional<Revision> rev = row.isEmpty() ? Optional.empty()
        : tx.revisions().revision(meetingId, row.get().currentRev());
    m.put("found", rev.isPresent());
    if (rev.isPresent()) {
      JsonNode b = ProtocolCodec.readTree(rev.get().body());
      JsonNode f = b.path("facilitator");
      m.put("kind", b.path("kind").asText(null));
      m.put("date", b.path("date").asText(null));
      m.put("facilitatorName", f.path("name").asText(null));
      m.put("facilitatorOrganisation", f.path("organisation").asText(null));
      m.put("priorInvolvement", f.path("priorInvolvement").isBoolean()
          ? f.path("priorInvolvement").asBoolean() : null);
      m.put("independent", f.path("priorInvolvement").isBoolean()
          && !f.path("priorInvolvement").asBoolean());
    }
    return m;
  }

  private void signOffs(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.TEAM_MANAGER);
    Principal who = http.principal(ctx);
    http.blocking(ctx, () -> store.read(tx -> {
      ReadableNames names = new ReadableNames(tx);
      List<Map<String, Object>> items = new ArrayList<>();
      for (FeedRow row : tx.feed().ofType(who.scope(), who.userId(),
          RecordType.SUPERVISION_NOTE.wireName(), MAX_ITEMS)) {
        Revision r = row.revision();
        JsonNode b = ProtocolCodec.readTree(r.body());
        if (row.withheld() || r.deleted() || !who.userId().equals(b.path("ledBy").asText())
            || b.hasNonNull("signedOffBy")) {
          continue;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordId", r.id());
        m.put("caseId", r.caseId());
        m.put("caseLabel", names.caseLabel(r.caseId()));
        m.put("underReview", "conflicted".equals(row.status()));
        m.put("kind", b.path("kind").asText(null));
        m.put("date", b.path("date").asText(null));
        m.put("childIds", r.childIds());
        m.put("recordedBy", r.authorId());
        m.put("recordedByName", names.user(r.authorId()));
        List<String> attendees = new ArrayList<>();
        b.path("attendees").forEach(a -> attendees.add(a.path("name").asText("") + " ("
            + a.path("role").asText("") + ", " + a.path("agency").asText("") + ")"));
        m.put("attendees", attendees);
        m.put("decisions", b.path("decisions").asText(null));
        m.put("actions", b.path("actions").size());
        items.add(m);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("notes", items);
      return out;
    }), 200);
  }
}
