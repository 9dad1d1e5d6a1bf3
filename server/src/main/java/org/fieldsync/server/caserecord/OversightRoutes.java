package org.fieldsync.server.caserecord;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.oversight.DueItem;
import org.fieldsync.protocol.oversight.DueKind;
import org.fieldsync.protocol.oversight.DueList;
import org.fieldsync.protocol.oversight.Oversight;
import org.fieldsync.protocol.oversight.OversightCase;
import org.fieldsync.protocol.wire.Caseload;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.FeedRow;
import org.fieldsync.server.store.Scope;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.Tx;

/**
 * {@code GET /api/v1/oversight/due}: what is due and overdue in the caller's scope, from the same
 * pure function the tablet runs ({@link Oversight}), so a worker's list here is their tablet's
 * list. A worker gets their caseload's items; a team manager their team's, with the team's own
 * (line of sight). Filters narrow it: {@code team}, {@code locality}, {@code kind}, {@code
 * overdue}.
 *
 * <p>It reads two things the store already answers: the caseload (cases, teams, localities,
 * children) and the change feed's rows over the whole scope (each record's current revision),
 * page by page. A record restricted away from the caller is left out, exactly as it is left off
 * their tablet, so the lists agree and a restricted visit's date leaks to nobody.
 */
public final class OversightRoutes implements RouteModule {
  /** A {@code team} filter naming a team outside the caller's scope. */
  public static final String SCOPE_TEAM_FORBIDDEN = "scope.team.forbidden";
  private static final int PAGE = 1000;

  private final Store store;
  private final Oversight oversight;
  private final Clock clock;

  public OversightRoutes(Store store, Oversight oversight, Clock clock) {
    this.store = store;
    this.oversight = oversight;
    this.clock = clock;
  }

  @Override
  public void mount(Router router, Http http) {
    router.get(Http.PREFIX + "/oversight/due").handler(http.auth())
        .handler(ctx -> due(ctx, http));
  }

  private void due(RoutingContext ctx, Http http) {
    http.requireRole(ctx, Principal.FAMILY_WORKER, Principal.SOCIAL_WORKER,
        Principal.TEAM_MANAGER);
    Principal who = http.principal(ctx);
    Predicate<DueItem> filter = filter(ctx, http, who);
    Instant now = clock.instant();
    Scope scope = who.scope();
    http.blocking(ctx, () -> {
      InScope in = store.read(tx -> read(tx, scope, who.userId()));
      List<DueItem> items = scope.kind() == Scope.Kind.TEAM
          ? oversight.teams(now, in.cases(), in.records())
          : oversight.caseload(now, in.cases(), in.records());
      return new DueList(oversight.today(now), items.stream().filter(filter).toList());
    }, 200);
  }

  /** What oversight reads: the cases in scope, and their records' current revisions. */
  private record InScope(List<OversightCase> cases, List<Revision> records) {}

  /** The cases in scope, and the current revision of each of their records the caller sees. */
  private static InScope read(Tx tx, Scope scope, String viewer) throws Exception {
    List<OversightCase> cases = new ArrayList<>();
    List<Revision> records = new ArrayList<>();
    for (Caseload.Case c : tx.directory().caseload(scope)) {
      cases.add(new OversightCase(c.caseId(), c.teamId(), c.locality(), c.children().stream()
          .map(k -> OversightCase.Child.fromVisits(k.childId())).toList()));
    }
    long upto = tx.feed().currentSeq();
    long after = 0;
    while (true) {
      List<FeedRow> page = tx.feed().changes(scope, viewer, after, upto, PAGE, null);
      for (FeedRow r : page) {
        if (!r.withheld()) {
          records.add(r.revision());
        }
      }
      if (page.size() < PAGE) {
        return new InScope(cases, records);
      }
      after = page.get(page.size() - 1).seq();
    }
  }

  private static Predicate<DueItem> filter(RoutingContext ctx, Http http, Principal who) {
    Predicate<DueItem> p = i -> true;
    String team = text(ctx, http, "team");
    if (team != null) {
      if (!team.equals(who.teamId())) {
        throw new ApiException(403, SCOPE_TEAM_FORBIDDEN, "you see the due list of your own"
            + " team only" + (who.teamId() == null ? "" : " (" + who.teamId() + ")"));
      }
      p = p.and(i -> team.equals(i.teamId()));
    }
    String locality = text(ctx, http, "locality");
    if (locality != null) {
      p = p.and(i -> locality.equals(i.locality()));
    }
    String kindName = text(ctx, http, "kind");
    if (kindName != null) {
      DueKind kind = DueKind.fromWire(kindName);
      if (kind == null) {
        throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "kind must be one of "
            + List.of(DueKind.values()).stream().filter(k -> k != DueKind.UNKNOWN)
                .map(DueKind::wireName).toList());
      }
      p = p.and(i -> i.kind() == kind);
    }
    String overdue = text(ctx, http, "overdue");
    if (overdue != null) {
      if (!overdue.equals("true") && !overdue.equals("false")) {
        throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID,
            "overdue must be true or false");
      }
      boolean wanted = overdue.equals("true");
      p = p.and(i -> i.overdue() == wanted);
    }
    return p;
  }

  /** A filter's value: absent when blank; at most 100 characters with no control characters. */
  private static String text(RoutingContext ctx, Http http, String name) {
    String v = http.param(ctx, name);
    if (v == null || v.isBlank()) {
      return null;
    }
    if (v.length() > 100 || v.chars().anyMatch(Character::isISOControl)) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, name
          + " must be at most 100 characters, with no control characters");
    }
    return v;
  }
}
