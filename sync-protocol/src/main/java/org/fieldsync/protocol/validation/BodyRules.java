package org.fieldsync.protocol.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fieldsync.protocol.RecordType;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FamilyFeedback;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.RecordBody;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;

/**
 * The content rules of each record type, from DOMAIN.md. Code prefixes are fixed per type: {@code
 * visit}, {@code childVoice}, {@code fnsp}, {@code supervision}, {@code feedback}, {@code meeting}.
 * Cross-record rules (an FNSP's meeting must exist and be independent) need storage and live in the
 * server.
 */
final class BodyRules {
  static final int TEXT_MAX = 100_000;
  static final int SHORT_MAX = 500;
  /** £25,000 in pence: far above any FNSP grade limit, a guard against typing errors in pounds. */
  static final long FNSP_MAX_PENCE = 2_500_000L;

  private BodyRules() {}

  /** The code prefix of a type's body errors. */
  static String prefix(RecordType type) {
    return switch (type) {
      case VISIT -> "visit";
      case CHILD_VOICE_OBSERVATION -> "childVoice";
      case FNSP_REQUEST -> "fnsp";
      case SUPERVISION_NOTE -> "supervision";
      case FAMILY_FEEDBACK -> "feedback";
      case FAMILY_MEETING -> "meeting";
    };
  }

  static List<FieldError> check(RecordType type, RecordBody body, Revision envelope) {
    Set<String> children = new HashSet<>(envelope.childIds());
    if (body instanceof Visit v) {
      return visit(v, children);
    } else if (body instanceof ChildVoiceObservation c) {
      return childVoice(c, children);
    } else if (body instanceof FnspRequest f) {
      return fnsp(f);
    } else if (body instanceof SupervisionNote s) {
      return supervision(s);
    } else if (body instanceof FamilyFeedback f) {
      return feedback(f, envelope.caseId());
    } else if (body instanceof FamilyMeeting m) {
      return meeting(m);
    }
    throw new IllegalArgumentException("no rules for " + type);
  }

  private static List<FieldError> visit(Visit v, Set<String> children) {
    Errors e = new Errors(prefix(RecordType.VISIT));
    e.required("date", v.date());
    if (v.mode() == null || v.mode() == Visit.Mode.UNKNOWN) {
      e.add("mode", "required",
          "mode is required: home_visit, school, office, video, phone or text");
    }
    if (v.kind() == null || v.kind() == Visit.Kind.UNKNOWN) {
      e.add("kind", "required",
          "kind is required: cp, cin, child_in_care, early_help or family_help");
    }
    Integer minutes = v.durationMinutes();
    if (minutes != null && (minutes <= 0 || minutes > 24 * 60)) {
      e.add("durationMinutes", "outOfRange", "durationMinutes must be between 1 and 1440");
    }
    if (v.childrenSeen().isEmpty() || children.isEmpty()) {
      e.add("childrenSeen", "required", "record whether each child was seen");
    }
    Set<String> listed = new HashSet<>();
    for (int i = 0; i < v.childrenSeen().size(); i++) {
      Visit.ChildSeen c = v.childrenSeen().get(i);
      String f = "childrenSeen." + i;
      if (c == null || c.childId() == null || !children.contains(c.childId())) {
        e.add(f + ".childId", "unknown", "each child seen must be one of the record's childIds");
        continue;
      }
      if (!listed.add(c.childId())) {
        e.add(f + ".childId", "duplicate", "a child is listed twice");
      }
      if (c.seenAlone() && !c.seen()) {
        e.add(f + ".seenAlone", "inconsistent", "a child seen alone must also be seen");
      }
    }
    if (!v.childrenSeen().isEmpty() && !listed.containsAll(children)) {
      e.add("childrenSeen", "incomplete", "record whether every child on the visit was seen");
    }
    if (v.nextVisitDate() != null && v.date() != null && v.nextVisitDate().isBefore(v.date())) {
      e.add("nextVisitDate", "beforeVisit", "the next visit cannot be before this one");
    }
    for (int i = 0; i < v.returns().size(); i++) {
      Visit.Return r = v.returns().get(i);
      String f = "returns." + i;
      if (r == null || r.childId() == null || !children.contains(r.childId())) {
        e.add(f + ".childId", "unknown", "a child who returned must be one of the record's"
            + " childIds");
      } else if (r.returnedAt() == null) {
        e.add(f + ".returnedAt", "required", "record when the child returned");
      }
    }
    for (String f : new String[] {"homeConditions", "analysis", "actionsAgreed", "notes"}) {
      e.maxLength(f, switch (f) {
        case "homeConditions" -> v.homeConditions();
        case "analysis" -> v.analysis();
        case "actionsAgreed" -> v.actionsAgreed();
        default -> v.notes();
      }, TEXT_MAX);
    }
    return e.list();
  }

  private static List<FieldError> childVoice(ChildVoiceObservation c, Set<String> children) {
    Errors e = new Errors(prefix(RecordType.CHILD_VOICE_OBSERVATION));
    e.required("childId", c.childId());
    if (c.childId() != null && !children.contains(c.childId())) {
      e.add("childId", "unknown", "childId must be one of the record's childIds");
    }
    e.required("date", c.date());
    if (blank(c.childWords()) && blank(c.workerObservation())) {
      e.add("childWords", "required", "record the child's words, what you observed, or both");
    }
    if (c.method() == null || c.method() == ChildVoiceObservation.Method.UNKNOWN) {
      e.add("method", "required", "method is required");
    }
    if (c.status() == null || c.status() == ChildVoiceObservation.Status.UNKNOWN) {
      e.add("status", "required", "status is required: draft or submitted");
    }
    e.maxLength("childWords", c.childWords(), TEXT_MAX);
    e.maxLength("workerObservation", c.workerObservation(), TEXT_MAX);
    for (int i = 0; i < c.addenda().size(); i++) {
      ChildVoiceObservation.Addendum a = c.addenda().get(i);
      if (a == null || blank(a.text()) || blank(a.authorId()) || a.at() == null) {
        e.add("addenda." + i, "incomplete", "an addendum needs text, author and time");
      }
    }
    for (int i = 0; i < c.attachments().size(); i++) {
      ChildVoiceObservation.AttachmentRef a = c.attachments().get(i);
      if (a == null || blank(a.id()) || blank(a.mediaType())
          || a.sha256() == null || !a.sha256().matches("[0-9a-f]{64}")) {
        e.add("attachments." + i, "invalid", "an attachment needs id, media type and sha256");
      }
    }
    return e.list();
  }

  private static List<FieldError> fnsp(FnspRequest f) {
    Errors e = new Errors(prefix(RecordType.FNSP_REQUEST));
    e.required("meetingId", f.meetingId());
    e.required("description", f.description());
    e.maxLength("description", f.description(), SHORT_MAX * 4);
    if (f.category() == null || f.category() == FnspRequest.Category.UNKNOWN) {
      e.add("category", "required", "category is required");
    }
    if (f.amountPence() == null) {
      e.add("amountPence", "required", "amountPence is required");
    } else if (f.amountPence() <= 0 || f.amountPence() > FNSP_MAX_PENCE) {
      e.add("amountPence", "outOfRange", "amountPence must be between 1 and " + FNSP_MAX_PENCE);
    }
    e.required("beneficiary", f.beneficiary());
    if (f.status() == null || f.status() == FnspRequest.Status.UNKNOWN) {
      e.add("status", "required", "status is required");
    }
    return e.list();
  }

  private static List<FieldError> supervision(SupervisionNote s) {
    Errors e = new Errors(prefix(RecordType.SUPERVISION_NOTE));
    if (s.kind() == null || s.kind() == SupervisionNote.Kind.UNKNOWN) {
      e.add("kind", "required", "kind is required: group_cp, case_family_help or line_of_sight");
    }
    e.required("date", s.date());
    e.required("ledBy", s.ledBy());
    e.required("attendees", s.attendees());
    for (int i = 0; i < s.attendees().size(); i++) {
      SupervisionNote.Attendee a = s.attendees().get(i);
      if (a == null || blank(a.name()) || blank(a.role()) || blank(a.agency())) {
        e.add("attendees." + i, "incomplete", "each attendee needs a name, role and agency");
      }
    }
    for (int i = 0; i < s.actions().size(); i++) {
      SupervisionNote.Action a = s.actions().get(i);
      if (a == null || blank(a.description())) {
        e.add("actions." + i + ".description", "required", "an action needs a description");
      } else {
        e.required("actions." + i + ".owner", a.owner());
        e.required("actions." + i + ".due", a.due());
      }
    }
    e.maxLength("analysis", s.analysis(), TEXT_MAX);
    e.maxLength("decisions", s.decisions(), TEXT_MAX);
    return e.list();
  }

  private static List<FieldError> feedback(FamilyFeedback f, String caseId) {
    Errors e = new Errors(prefix(RecordType.FAMILY_FEEDBACK));
    e.required("date", f.date());
    if (f.givenBy() == null || f.givenBy() == FamilyFeedback.GivenBy.UNKNOWN) {
      e.add("givenBy", "required", "givenBy is required");
    }
    if (f.channel() == null || f.channel() == FamilyFeedback.Channel.UNKNOWN) {
      e.add("channel", "required", "channel is required");
    }
    if (f.consentToShare() == null) {
      e.add("consentToShare", "required", "record whether they consent to sharing");
    }
    boolean anonymous = Boolean.TRUE.equals(f.anonymous());
    if (caseId == null && !anonymous) {
      e.add("anonymous", "required", "feedback without a case must be marked anonymous");
    }
    if (anonymous && caseId != null) {
      e.add("anonymous", "inconsistent", "anonymous feedback cannot name a case");
    }
    if (anonymous) {
      e.required("locality", f.locality());
    }
    e.maxLength("freeText", f.freeText(), TEXT_MAX);
    e.maxLength("differenceMade", f.differenceMade(), TEXT_MAX);
    return e.list();
  }

  private static List<FieldError> meeting(FamilyMeeting m) {
    Errors e = new Errors(prefix(RecordType.FAMILY_MEETING));
    if (m.kind() == null || m.kind() == FamilyMeeting.Kind.UNKNOWN) {
      e.add("kind", "required", "kind is required: fnm or fgc");
    }
    e.required("date", m.date());
    if (m.facilitator() == null || blank(m.facilitator().name())) {
      e.add("facilitator", "required", "the facilitator is required");
    } else if (m.facilitator().priorInvolvement() == null) {
      e.add("facilitator.priorInvolvement", "required",
          "record whether the facilitator had prior involvement in the case");
    }
    Set<String> goalIds = new HashSet<>();
    for (int i = 0; i < m.goals().size(); i++) {
      FamilyMeeting.Goal g = m.goals().get(i);
      if (g == null || blank(g.id()) || blank(g.description())) {
        e.add("goals." + i, "incomplete", "each goal needs an id and a description");
      } else if (!goalIds.add(g.id())) {
        e.add("goals." + i + ".id", "duplicate", "goal ids must be distinct");
      }
    }
    return e.list();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
