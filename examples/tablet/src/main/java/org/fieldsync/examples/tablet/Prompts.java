package org.fieldsync.examples.tablet;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.fieldsync.client.records.RecordBodies;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.Visit;
import org.fieldsync.protocol.records.builders.VisitBuilder;

/**
 * Asks the worker for a record, field by field, and builds it with the SDK's record builders;
 * an empty answer takes the default shown in brackets.
 */
final class Prompts {
  private final TabletApp app;

  Prompts(TabletApp app) {
    this.app = app;
  }

  Visit visit(List<String> children) {
    VisitBuilder b = RecordBodies.visit()
        .date(date("Date of the visit"))
        .mode(Visit.Mode.valueOf(choice("Mode", "home_visit",
            "home_visit, school, office, video, phone, text")))
        .kind(Visit.Kind.valueOf(choice("Kind of work", "cin",
            "cp, cin, child_in_care, early_help, family_help")));
    for (String child : children) {
      String seen = choice("Was " + child + " seen alone, seen, or not seen", "alone",
          "alone, seen, not");
      switch (seen) {
        case "ALONE" -> b.childSeenAlone(child);
        case "SEEN" -> b.childSeen(child);
        default -> b.childNotSeen(child);
      }
    }
    return b.notes(text("Notes")).build();
  }

  ChildVoiceObservation childVoice(List<String> children) {
    String child = children.isEmpty() ? text("Child id") : children.get(0);
    return RecordBodies.childVoice().childId(child).date(date("Date"))
        .childWords(text("The child's own words, exactly"))
        .workerObservation(text("What you observed"))
        .method(ChildVoiceObservation.Method.valueOf(choice("Method", "conversation",
            "conversation, drawing, three_houses, words_and_pictures, other")))
        .submitted().build();
  }

  private LocalDate date(String what) {
    String a = app.ask(what + " [today]: ");
    return a.isEmpty() ? LocalDate.now() : LocalDate.parse(a);
  }

  private String choice(String what, String def, String options) {
    String a = app.ask(what + " (" + options + ") [" + def + "]: ");
    return (a.isEmpty() ? def : a).toUpperCase(Locale.ROOT);
  }

  private String text(String what) {
    return app.ask(what + ": ");
  }
}
