package org.fieldsync.protocol.merge;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.fieldsync.protocol.RecordType;

/**
 * What each field of each record type is called, and its codes in words: one table per record
 * type, kept beside {@link MergeRules}' field list so that a new field gets its label in the same
 * change ({@code FieldLabelsTest} fails on a declared field, code or member without words). How a
 * value is written out (a date, a list, an amount) comes from the record's Java types, so it
 * cannot drift from them.
 *
 * <p>The words are for business-support officers and managers reading a conflict or a record's
 * history, not for engineers: "Next visit date", not {@code nextVisitDate}. Every client (the
 * console through {@code GET /api/v1/vocabulary}, a tablet app directly) uses the same table.
 */
public final class FieldLabels {
  private static final Map<RecordType, String> TYPES = new EnumMap<>(RecordType.class);
  private static final Map<RecordType, Map<String, Words>> TABLES =
      new EnumMap<>(RecordType.class);
  /** Members and fields that hold a user id, wherever they appear. */
  private static final Set<String> USER_IDS = Set.of("ledBy", "decidedBy", "signedOffBy",
      "authorId", "referredBy");
  private static final Map<String, String> ANSWERS = codes("yes", "Yes", "partly", "Partly",
      "no", "No", "not_answered", "Not answered");

  /** The words of one field; {@code format} overrides what the Java type says, when set. */
  private record Words(String name, String label, String format, Map<String, String> codes,
      Map<String, String> members) {}

  static {
    declare(RecordType.VISIT, "Visit",
        field("date", "Date of visit"), field("startTime", "Start time"),
        field("durationMinutes", "How long", "minutes"),
        field("mode", "How the contact was made", codes("home_visit", "Home visit", "school",
            "At school", "office", "At the office", "video", "Video call", "phone", "Phone call",
            "text", "Text messages")),
        field("kind", "Kind of work", codes("cp", "Child protection", "cin", "Child in need",
            "child_in_care", "Child in care", "early_help", "Early help", "family_help",
            "Family help")),
        field("planned", "Planned visit"),
        objects("childrenSeen", "Children seen", "childId", "Child", "seen", "Seen",
            "seenAlone", "Seen alone"),
        field("othersPresent", "Others present"), field("homeConditions", "Home conditions"),
        field("analysis", "Analysis"), field("actionsAgreed", "Actions agreed"),
        field("notes", "Notes"), field("nextVisitDate", "Next visit date"),
        objects("returns", "Returns home after being missing", "childId", "Child",
            "returnedAt", "Came home at"),
        field("returnHomeInterview", "Return home interview"));
    declare(RecordType.CHILD_VOICE_OBSERVATION, "Child's voice",
        field("childId", "Child"), field("date", "Date"),
        field("childWords", "The child's own words"),
        field("workerObservation", "What the worker observed"),
        field("method", "How the child's voice was gathered", codes("conversation",
            "Conversation", "drawing", "Drawing", "three_houses", "Three houses",
            "words_and_pictures", "Words and pictures", "other", "Other")),
        field("advocatePresent", "Advocate present"),
        field("languageNeeds", "Language and communication needs"),
        field("identityNotes", "Identity and culture"),
        field("fedBackToChild", "Outcome fed back to the child"),
        field("status", "Status", codes("draft", "Draft", "submitted", "Submitted")),
        objects("addenda", "Addenda", "text", "Text", "authorId", "Written by", "at", "Written on"),
        objects("attachments", "Attachments", "id", "Attachment", "mediaType", "Kind of file",
            "description", "Description", "sha256", "Fingerprint"));
    declare(RecordType.FNSP_REQUEST, "Family network support request",
        field("meetingId", "Family meeting"), field("goalId", "Family plan goal"),
        field("description", "What is asked for"),
        field("category", "Category", codes("food", "Food", "utilities", "Utilities",
            "transport", "Transport", "accommodation", "Accommodation", "other", "Other")),
        field("amountPence", "Amount", "pence"), field("beneficiary", "Who benefits"),
        field("deliveringOrganisation", "Delivered by"),
        field("status", "Status", codes("draft", "Draft", "submitted", "Submitted", "approved",
            "Approved", "declined", "Declined", "delivered", "Delivered", "reviewed",
            "Reviewed")),
        field("decidedBy", "Decided by"), field("decidedAt", "Decided on"),
        field("decisionNote", "Decision note"),
        field("referredBy", "Sent up a level by"), field("referredAt", "Sent up a level on"),
        field("referralNote", "Note to the next level"));
    declare(RecordType.SUPERVISION_NOTE, "Supervision note",
        field("kind", "Kind of supervision", codes("group_cp",
            "Group supervision (child protection)", "case_family_help",
            "Case supervision (Family Help)", "line_of_sight", "Line-of-sight meeting")),
        field("date", "Date"), field("ledBy", "Led by"),
        objects("attendees", "Attendees", "name", "Name", "role", "Role", "agency", "Agency"),
        field("analysis", "Analysis"), field("decisions", "Decisions"),
        objects("actions", "Actions", "description", "Action", "owner", "Owner", "due", "Due"),
        field("signedOffBy", "Signed off by"), field("signedOffAt", "Signed off on"));
    declare(RecordType.FAMILY_FEEDBACK, "Family feedback",
        field("date", "Date"),
        field("givenBy", "Given by", codes("child", "Child", "young_person", "Young person",
            "parent_carer", "Parent or carer", "family_member", "Family member")),
        field("channel", "How it was given", codes("visit", "On a visit", "phone", "By phone",
            "sms", "By text message", "event", "At an event")),
        field("ableToTalk", "Do you feel able to talk?", ANSWERS),
        field("involvedInDecisions", "Were you involved in decisions?", ANSWERS),
        field("contactAmountRight", "Was the amount of contact right?", ANSWERS),
        field("didWhatWeSaid", "Did we do what we said we would do?", ANSWERS),
        field("differenceMade", "What difference has the support made?"),
        field("freeText", "Other comments"), field("consentToShare", "Consent to share"),
        field("anonymous", "Anonymous"), field("locality", "Locality"));
    declare(RecordType.FAMILY_MEETING, "Family meeting",
        field("kind", "Kind of meeting", codes("fnm", "Family network meeting", "fgc",
            "Family group conference")),
        field("date", "Date"),
        objects("facilitator", "Facilitator", "name", "Name", "organisation", "Organisation",
            "priorInvolvement", "Involved in the case before"),
        field("attendees", "Attendees"),
        objects("goals", "Goals", "id", "Goal reference", "description", "Goal"),
        field("notes", "Notes"));
  }

  private FieldLabels() {}

  /** What a record type is called, for example "Family meeting". */
  public static String typeLabel(RecordType type) {
    return TYPES.get(type);
  }

  /** A field's label; empty for a field the table does not have (from a newer peer). */
  public static Optional<String> label(RecordType type, String field) {
    return Optional.ofNullable(TABLES.get(type).get(field)).map(Words::label);
  }

  /** Every field of a type as a person reads it, in the table's order. */
  public static List<FieldShape> shapes(RecordType type) {
    Map<String, RecordComponent> components = new LinkedHashMap<>();
    for (RecordComponent c : type.bodyClass().getRecordComponents()) {
      components.put(c.getName(), c);
    }
    List<FieldShape> out = new ArrayList<>();
    for (Words w : TABLES.get(type).values()) {
      RecordComponent c = components.get(w.name());
      out.add(shape(w.name(), w.label(), w.format(), w.codes(), w.members(),
          c == null ? String.class : c.getGenericType()));
    }
    return out;
  }

  /** The envelope's fields that merge and conflict like body fields (see {@link Merge}). */
  public static List<FieldShape> envelope() {
    return List.of(new FieldShape(Merge.CASE_ID, "Family", "case", false, null, null),
        new FieldShape(Merge.CHILD_IDS, "Children", "text", true, null, null),
        new FieldShape(Merge.DELETED, "Deleted", "yes-no", false, null, null));
  }

  private static FieldShape shape(String name, String label, String format,
      Map<String, String> codes, Map<String, String> memberLabels, Type type) {
    boolean list = false;
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      list = true;
      type = p.getActualTypeArguments()[0];
    }
    Class<?> c = type instanceof Class<?> k ? k : String.class;
    List<FieldShape> members = new ArrayList<>();
    String derived;
    if (c.isRecord()) {
      derived = "object";
      for (RecordComponent m : c.getRecordComponents()) {
        members.add(shape(m.getName(), memberLabels.getOrDefault(m.getName(), m.getName()),
            null, Map.of(), Map.of(), m.getGenericType()));
      }
    } else if (c.isEnum()) {
      derived = "code";
    } else if (c == LocalDate.class) {
      derived = "date";
    } else if (c == LocalTime.class) {
      derived = "time";
    } else if (c == Instant.class) {
      derived = "instant";
    } else if (c == Boolean.class || c == boolean.class) {
      derived = "yes-no";
    } else if (Number.class.isAssignableFrom(c) || c == int.class || c == long.class) {
      derived = "number";
    } else {
      derived = USER_IDS.contains(name) ? "user" : "text";
    }
    return new FieldShape(name, label, format != null ? format : derived, list, codes, members);
  }

  private static void declare(RecordType type, String label, Words... fields) {
    Map<String, Words> m = new LinkedHashMap<>();
    for (Words w : fields) {
      m.put(w.name(), w);
    }
    TYPES.put(type, label);
    TABLES.put(type, m);
  }

  private static Words field(String name, String label) {
    return new Words(name, label, null, Map.of(), Map.of());
  }

  private static Words field(String name, String label, String format) {
    return new Words(name, label, format, Map.of(), Map.of());
  }

  private static Words field(String name, String label, Map<String, String> codes) {
    return new Words(name, label, null, codes, Map.of());
  }

  /** A field of objects (or one object), with its members' labels as name, label pairs. */
  private static Words objects(String name, String label, String... members) {
    return new Words(name, label, null, Map.of(), codes(members));
  }

  /** Pairs of code and words, in order. */
  private static Map<String, String> codes(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
