package org.fieldsync.protocol.records.builders;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.validation.FieldError;

/**
 * Builds a {@link Visit} step by step. Each child on the visit is named with whether they were
 * seen, and seen alone, in one step ({@link #childSeenAlone}, {@link #childSeen}, {@link
 * #childNotSeen}), so no two booleans can be swapped.
 */
public final class VisitBuilder extends BodyBuilder<Visit> {
  private LocalDate date;
  private LocalTime startTime;
  private Integer durationMinutes;
  private Visit.Mode mode;
  private Visit.Kind kind;
  private Boolean planned;
  private final List<Visit.ChildSeen> childrenSeen = new ArrayList<>();
  private final List<String> othersPresent = new ArrayList<>();
  private String homeConditions;
  private String analysis;
  private String actionsAgreed;
  private String notes;
  private LocalDate nextVisitDate;

  public VisitBuilder(Function<List<FieldError>, ? extends RuntimeException> onInvalid) {
    super(onInvalid);
  }

  /** A builder whose {@link #build()} throws {@link InvalidBodyException}. */
  public static VisitBuilder create() {
    return new VisitBuilder(InvalidBodyException::new);
  }

  /** Starts from an existing visit, to change some of it. */
  public VisitBuilder from(Visit v) {
    date = v.date();
    startTime = v.startTime();
    durationMinutes = v.durationMinutes();
    mode = v.mode();
    kind = v.kind();
    planned = v.planned();
    childrenSeen.clear();
    childrenSeen.addAll(v.childrenSeen());
    othersPresent.clear();
    othersPresent.addAll(v.othersPresent());
    homeConditions = v.homeConditions();
    analysis = v.analysis();
    actionsAgreed = v.actionsAgreed();
    notes = v.notes();
    nextVisitDate = v.nextVisitDate();
    return this;
  }

  /** The day of the visit. Required. */
  public VisitBuilder date(LocalDate d) {
    this.date = d;
    return this;
  }

  /** Local start time. */
  public VisitBuilder startTime(LocalTime t) {
    this.startTime = t;
    return this;
  }

  /** How long, 1 to 1440 minutes. */
  public VisitBuilder durationMinutes(int minutes) {
    this.durationMinutes = minutes;
    return this;
  }

  /** How the contact happened. Required. */
  public VisitBuilder mode(Visit.Mode m) {
    this.mode = m;
    return this;
  }

  /** The statutory kind of work. Required. */
  public VisitBuilder kind(Visit.Kind k) {
    this.kind = k;
    return this;
  }

  /** Planned (true) or unplanned (false). */
  public VisitBuilder planned(boolean p) {
    this.planned = p;
    return this;
  }

  /** A child on the visit who was seen, and seen alone. */
  public VisitBuilder childSeenAlone(String childId) {
    return child(childId, true, true);
  }

  /** A child on the visit who was seen, but not alone. */
  public VisitBuilder childSeen(String childId) {
    return child(childId, true, false);
  }

  /** A child on the visit who was not seen. */
  public VisitBuilder childNotSeen(String childId) {
    return child(childId, false, false);
  }

  private VisitBuilder child(String childId, boolean seen, boolean alone) {
    childrenSeen.removeIf(c -> Objects.equals(c.childId(), childId));
    childrenSeen.add(new Visit.ChildSeen(childId, seen, alone));
    return this;
  }

  /** Someone else present (a name or a role); null is ignored. */
  public VisitBuilder otherPresent(String who) {
    if (who != null) {
      othersPresent.add(who);
    }
    return this;
  }

  /** Observations of home conditions. */
  public VisitBuilder homeConditions(String text) {
    this.homeConditions = text;
    return this;
  }

  /** The worker's analysis. */
  public VisitBuilder analysis(String text) {
    this.analysis = text;
    return this;
  }

  /** Actions agreed with the family. */
  public VisitBuilder actionsAgreed(String text) {
    this.actionsAgreed = text;
    return this;
  }

  /** Further narrative notes. */
  public VisitBuilder notes(String text) {
    this.notes = text;
    return this;
  }

  /** When the next visit is due; not before this one. */
  public VisitBuilder nextVisitDate(LocalDate d) {
    this.nextVisitDate = d;
    return this;
  }

  @Override
  public Visit unchecked() {
    return new Visit(date, startTime, durationMinutes, mode, kind, planned, childrenSeen,
        othersPresent, homeConditions, analysis, actionsAgreed, notes, nextVisitDate);
  }

  @Override
  protected List<String> namedChildren() {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (Visit.ChildSeen c : childrenSeen) {
      if (c.childId() != null && !c.childId().isBlank()) {
        ids.add(c.childId());
      }
    }
    return List.copyOf(ids);
  }
}
