package org.fieldsync.examples.tablet;

import java.util.concurrent.Callable;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.LocalRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The records on this tablet and where each stands with the server. Offline. */
@Command(name = "list", description = "List the records on this tablet (works offline).")
final class ListCommand implements Callable<Integer> {
  @ParentCommand TabletApp app;

  @Option(names = "--case", description = "Only this case's records.")
  String caseId;

  @Override
  public Integer call() {
    try (FieldSync fs = app.open()) {
      var all = AllRecords.of(fs, caseId);
      for (LocalRecord<?> r : all) {
        app.out.println(AllRecords.line(r));
      }
      app.out.println(all.size() + " records.");
      return 0;
    }
  }
}
