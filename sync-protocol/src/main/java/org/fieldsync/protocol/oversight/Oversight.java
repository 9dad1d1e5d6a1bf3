package org.fieldsync.protocol.oversight;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.oversight.ChildStatuses.Status;

/**
 * What is due and overdue: the one implementation of the oversight cadences, used by the tablet
 * (a worker's own caseload, offline, from the records it holds) and by the server (team and
 * locality lists), so the two cannot disagree. A pure function of the rules, the bank holidays,
 * the time it is given, the cases and their current records: it reads no clock, no file and no
 * network. Thread-safe.
 *
 * <p>It covers: each child seen (CP: seen alone) within their visiting cadence; supervision per
 * case (CP group, Family Help case) and per team (line of sight); return home interviews within
 * hours of a return; and decisions on submitted FNSP requests within working days. Each item
 * says why in words.
 */
public final class Oversight {
  private static final Comparator<DueItem> ORDER = Comparator.comparing(DueItem::due)
      .thenComparing(DueItem::dueAt, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(DueItem::kind)
      .thenComparing(DueItem::teamId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(DueItem::caseId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(DueItem::childId, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(DueItem::recordId, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final OversightRules rules;
  private final VisitDues visits;
  private final SupervisionDues supervision;
  private final ReturnDues returns;
  private final FnspDues fnsp;

  public Oversight(OversightRules rules, BankHolidays holidays) {
    this.rules = Objects.requireNonNull(rules);
    this.visits = new VisitDues(rules);
    this.supervision = new SupervisionDues(rules);
    this.returns = new ReturnDues(rules);
    this.fnsp = new FnspDues(rules, Objects.requireNonNull(holidays));
  }

  /** Dorset's default rules with the shipped England and Wales bank holidays. */
  public static Oversight defaults() {
    return new Oversight(OversightRules.defaults(), BankHolidays.englandAndWales());
  }

  public OversightRules rules() {
    return rules;
  }

  /** The day {@code now} falls on where the rules are reckoned. */
  public LocalDate today(Instant now) {
    return now.atZone(rules.timeZone()).toLocalDate();
  }

  /**
   * A caseload's items: for each case and child, nothing for teams. What a worker's tablet shows
   * and what the server answers a worker.
   *
   * @param now the time to compute for (from the caller's injected clock)
   * @param cases the cases; records of other cases are ignored
   * @param records the current revision of each record the caller holds, any type and order
   */
  public List<DueItem> caseload(Instant now, List<OversightCase> cases, List<Revision> records) {
    return compute(now, cases, records, false);
  }

  /**
   * As {@link #caseload}, plus each team's own items (line of sight), for teams whose cases are
   * all in {@code cases}: what a manager sees for their team.
   */
  public List<DueItem> teams(Instant now, List<OversightCase> cases, List<Revision> records) {
    return compute(now, cases, records, true);
  }

  private List<DueItem> compute(Instant now, List<OversightCase> cases, List<Revision> records,
      boolean withTeams) {
    LocalDate today = today(now);
    Set<String> caseIds = new HashSet<>();
    cases.forEach(c -> caseIds.add(c.caseId()));
    Facts facts = Facts.of(records, caseIds);
    Map<String, Status> statuses = ChildStatuses.fromVisits(facts.visits);
    List<DueItem> out = new ArrayList<>();
    for (OversightCase c : cases) {
      out.addAll(visits.due(today, c, statuses, facts.visits(c.caseId())));
      out.addAll(supervision.forCase(today, c, statuses, facts.notes(c.caseId())));
      out.addAll(returns.due(now, c, facts.visits(c.caseId())));
      out.addAll(fnsp.due(today, c, facts.requests(c.caseId())));
    }
    if (withTeams) {
      out.addAll(supervision.forTeams(today, cases, statuses, facts::notes));
    }
    out.sort(ORDER);
    return List.copyOf(out);
  }
}
