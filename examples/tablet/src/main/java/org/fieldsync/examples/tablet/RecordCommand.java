package org.fieldsync.examples.tablet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.records.RecordBodies;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.FamilyFeedback;
import org.fieldsync.protocol.records.FamilyMeeting;
import org.fieldsync.protocol.records.FnspRequest;
import org.fieldsync.protocol.records.SupervisionNote;
import org.fieldsync.protocol.records.Visit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Records one record, offline: from a JSON file of its body (any type), or from prompts (a visit
 * or a child-voice observation). The SDK checks it with the server's rules before it is saved.
 */
@Command(name = "record", description = "Record a visit, child-voice observation, FNSP request,"
    + " supervision note, family feedback or family meeting (works offline).")
final class RecordCommand implements Callable<Integer> {
  /** The record types, as typed on the command line. */
  enum Type { visit, child_voice, fnsp, supervision, feedback, meeting }

  @ParentCommand TabletApp app;

  @Parameters(index = "0", description = "One of: ${COMPLETION-CANDIDATES}.")
  Type type;

  @Option(names = "--case", description = "The case (family); leave out for anonymous feedback.")
  String caseId;

  @Option(names = "--child", description = "A child the record concerns (repeat for more).")
  List<String> children = new ArrayList<>();

  @Option(names = "--file", description = "The record's body as JSON (PROTOCOL.md's form).")
  Path file;

  @Override
  public Integer call() throws IOException {
    try (FieldSync fs = app.open()) {
      String json = file == null ? null : Files.readString(file, StandardCharsets.UTF_8);
      LocalRecord<?> saved = switch (type) {
        case visit -> fs.visits().create(caseId, children, json != null
            ? RecordBodies.fromJson(Visit.class, json) : new Prompts(app).visit(children));
        case child_voice -> fs.childVoice().create(caseId, children, json != null
            ? RecordBodies.fromJson(ChildVoiceObservation.class, json)
            : new Prompts(app).childVoice(children));
        case fnsp -> fs.fnspRequests().create(caseId, children,
            RecordBodies.fromJson(FnspRequest.class, required(json)));
        case supervision -> fs.supervisionNotes().create(caseId, children,
            RecordBodies.fromJson(SupervisionNote.class, required(json)));
        case feedback -> fs.familyFeedback().create(caseId, children,
            RecordBodies.fromJson(FamilyFeedback.class, required(json)));
        case meeting -> fs.familyMeetings().create(caseId, children,
            RecordBodies.fromJson(FamilyMeeting.class, required(json)));
      };
      app.out.println("Saved " + AllRecords.line(saved));
      return 0;
    }
  }

  private String required(String json) {
    if (json == null) {
      throw new IllegalArgumentException("a " + type + " is recorded from --file");
    }
    return json;
  }
}
