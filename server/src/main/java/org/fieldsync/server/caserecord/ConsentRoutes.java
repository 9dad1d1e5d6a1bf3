package org.fieldsync.server.caserecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.ConsentRepo.ConsentRow;
import org.fieldsync.server.store.Scope;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.Tx;
import org.fieldsync.server.sync.PokeHub;

/**
 * {@code GET /api/v1/cases/{caseId}/consents} and {@code PUT
 * /api/v1/cases/{caseId}/consents/{agency}}: consent to share a case's record with a partner
 * agency (full, partial by record type, or none), with each child's Fraser competence when they
 * are under 16. The worker allocated to the case or the team's manager records it; each change is
 * audited. Consent decides what reaches a partner's tablet: a change is a scope event for every
 * partner of that agency on the case, whose next pull sends what is now shared and withdraws what
 * no longer is (their own entries stay).
 */
public final class ConsentRoutes implements RouteModule {
  /** The partner agencies a case's record can be shared with. */
  public static final List<String> AGENCIES = List.of("domestic_abuse", "mental_health",
      "substance_misuse", "probation", "police");
  static final List<String> LEVELS = List.of("full", "partial", "none");
  static final List<String> GIVEN_BY = List.of("parent_carer", "young_person");
  static final String CODE_INVALID = "consent.invalid";
  private static final int MAX_NOTE = 2000;

  private final Store store;

  public ConsentRoutes(Store store) {
    this.store = store;
  }

  @Override
  public void mount(Router router, Http http) {
    router.get(Http.PREFIX + "/cases/:caseId/consents").handler(http.auth())
        .handler(ctx -> list(ctx, http));
    router.put(Http.PREFIX + "/cases/:caseId/consents/:agency").handler(http.bodies())
        .handler(http.auth()).handler(ctx -> record(ctx, http));
  }

  private void list(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.FAMILY_WORKER, Principal.SOCIAL_WORKER,
        Principal.TEAM_MANAGER, Principal.PARTNER_PRACTITIONER);
    Principal who = http.principal(ctx);
    String caseId = caseParam(ctx);
    http.blocking(ctx, () -> store.read(tx -> {
      requireCase(tx, who, caseId);
      // A partner learns only what their own agency is shared.
      String own = who.scope().kind() == Scope.Kind.PARTNER
          ? tx.directory().partnerAgency(who.userId()).orElse("") : null;
      List<Map<String, Object>> out = new ArrayList<>();
      for (ConsentRow c : tx.consents().ofCase(caseId)) {
        if (own == null || own.equals(c.agency())) {
          out.add(view(c));
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("caseId", caseId);
      m.put("consents", out);
      return m;
    }), 200);
  }

  private void record(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.FAMILY_WORKER, Principal.SOCIAL_WORKER,
        Principal.TEAM_MANAGER);
    Principal who = http.principal(ctx);
    String caseId = caseParam(ctx);
    String agency = ctx.pathParam("agency");
    if (!AGENCIES.contains(agency)) {
      throw invalid("agency", "the agency must be one of " + AGENCIES);
    }
    byte[] body = http.body(ctx);
    http.blocking(ctx, () -> {
      long now = System.currentTimeMillis();
      Object[] done = store.write(tx -> {
        // Scope first: a case the caller does not hold is refused whatever the body says.
        requireCase(tx, who, caseId);
        Set<String> kids = tx.directory().caseChildren(List.of(caseId))
            .getOrDefault(caseId, Set.of());
        Parsed p = parse(ProtocolCodec.decode(body, JsonNode.class), kids);
        long seq = tx.feed().reserveSeqs(1);
        ConsentRow row = new ConsentRow(caseId, agency, p.level(), p.types(), p.givenBy(),
            p.children(), p.note(), who.userId(), now, seq);
        String before = tx.consents().get(caseId, agency).map(ConsentRow::level).orElse(null);
        tx.consents().put(row);
        List<String> partners = tx.directory().partnersOnCase(caseId, agency);
        for (String partner : partners) {
          tx.directory().consentChanged(caseId, partner, tx.feed().reserveSeqs(1), now);
        }
        AuditChain.append(tx, List.of(AuditEvent.by(who, null, "consent.record", caseId,
            "agency", agency, "level", p.level(), "recordTypes", p.types(), "givenBy",
            p.givenBy(), "before", before, "partners", partners.size())), now);
        return new Object[] {view(row), new LinkedHashSet<>(partners)};
      });
      @SuppressWarnings("unchecked")
      Set<String> partners = (Set<String>) done[1];
      if (!partners.isEmpty()) {
        PokeHub.publish(ctx.vertx(), partners, null);
      }
      return done[0];
    }, 200);
  }

  /** A checked consent body. */
  private record Parsed(String level, List<String> types, String givenBy, String children,
      String note) {}

  private static Parsed parse(JsonNode req, Set<String> caseChildren) {
    if (req == null || !req.isObject()) {
      throw invalid("", "the body must be a JSON object");
    }
    String level = req.path("level").asText("");
    if (!LEVELS.contains(level)) {
      throw invalid("level", "level must be one of " + LEVELS);
    }
    List<String> types = new ArrayList<>();
    JsonNode t = req.path("recordTypes");
    if (!t.isMissingNode() && !t.isNull() && (!t.isArray() || t.size() > 10)) {
      throw invalid("recordTypes", "recordTypes must be a list of record types");
    }
    for (JsonNode n : t.isArray() ? t : List.<JsonNode>of()) {
      if (!n.isTextual() || RecordType.fromWire(n.asText()).isEmpty()) {
        throw invalid("recordTypes", "unknown record type " + n);
      }
      if (!types.contains(n.asText())) {
        types.add(n.asText());
      }
    }
    if ("partial".equals(level) && types.isEmpty()) {
      throw invalid("recordTypes", "partial consent names the record types it shares");
    }
    if (!"partial".equals(level) && !types.isEmpty()) {
      throw invalid("recordTypes", "only partial consent names record types");
    }
    String givenBy = req.path("givenBy").asText("");
    if (!GIVEN_BY.contains(givenBy)) {
      throw invalid("givenBy", "givenBy must be one of " + GIVEN_BY);
    }
    JsonNode note = req.path("note");
    if (!note.isMissingNode() && !note.isNull()
        && (!note.isTextual() || note.asText().length() > MAX_NOTE)) {
      throw invalid("note", "note must be text of at most " + MAX_NOTE + " characters");
    }
    return new Parsed(level, types, givenBy, children(req.path("children"), level,
        caseChildren), note.isTextual() ? note.asText() : null);
  }

  /**
   * Each child of the case, with whether they are under 16 and, if so, whether they are Fraser
   * competent. Sharing (full or partial) needs every child of the case listed.
   */
  private static String children(JsonNode list, String level, Set<String> caseChildren) {
    if (!list.isMissingNode() && !list.isNull() && (!list.isArray() || list.size() > 50)) {
      throw invalid("children", "children must be a list");
    }
    ArrayNode out = ProtocolCodec.mapper().createArrayNode();
    Set<String> seen = new HashSet<>();
    int i = 0;
    for (JsonNode c : list.isArray() ? list : List.<JsonNode>of()) {
      String field = "children." + i++;
      String id = c.path("childId").asText("");
      if (!caseChildren.contains(id) || !seen.add(id)) {
        throw invalid(field + ".childId", "not a child of this case, or listed twice: " + id);
      }
      if (!c.path("under16").isBoolean()) {
        throw invalid(field + ".under16", "say whether the child is under 16");
      }
      boolean under16 = c.get("under16").asBoolean();
      JsonNode fraser = c.path("fraserCompetent");
      if (under16 && !fraser.isBoolean()) {
        throw invalid(field + ".fraserCompetent",
            "a child under 16 has their Fraser competence recorded");
      }
      var o = out.addObject();
      o.put("childId", id);
      o.put("under16", under16);
      if (fraser.isBoolean()) {
        o.put("fraserCompetent", fraser.asBoolean());
      }
    }
    if (!"none".equals(level) && !seen.containsAll(caseChildren)) {
      Set<String> missing = new TreeSet<>(caseChildren);
      missing.removeAll(seen);
      throw invalid("children", "list every child of the case: missing " + missing);
    }
    return out.toString();
  }

  private static Map<String, Object> view(ConsentRow c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("caseId", c.caseId());
    m.put("agency", c.agency());
    m.put("level", c.level());
    m.put("recordTypes", c.recordTypes());
    m.put("givenBy", c.givenBy());
    m.put("children", ProtocolCodec.readTree(c.children()));
    m.put("note", c.note());
    m.put("recordedBy", c.recordedBy());
    m.put("recordedAt", Instant.ofEpochMilli(c.recordedAt()).toString());
    return m;
  }

  private static String caseParam(RoutingContext ctx) {
    String caseId = ctx.pathParam("caseId");
    if (caseId == null || caseId.isBlank() || caseId.length() > 128) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "caseId is invalid");
    }
    return caseId;
  }

  private static void requireCase(Tx tx, Principal who, String caseId) throws Exception {
    if (!tx.directory().caseInScope(who.scope(), caseId)) {
      throw new ApiException(403, ErrorCodes.SCOPE_CASE_NOT_ALLOCATED,
          "case " + caseId + " is not allocated to you");
    }
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(400, CODE_INVALID, message,
        List.of(new FieldError(field, CODE_INVALID, message)));
  }
}
