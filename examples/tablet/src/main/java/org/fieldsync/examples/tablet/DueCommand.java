package org.fieldsync.examples.tablet;

import java.util.List;
import java.util.concurrent.Callable;
import org.fieldsync.client.FieldSync;
import org.fieldsync.protocol.oversight.DueItem;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * What is due and overdue on the worker's caseload (children to see, supervision, return home
 * interviews, FNSP decisions), each with its reason. Offline: computed on the tablet.
 */
@Command(name = "due", description = "What is due and overdue on your caseload, with the"
    + " reasons (works offline).")
final class DueCommand implements Callable<Integer> {
  @ParentCommand TabletApp app;

  @Override
  public Integer call() {
    try (FieldSync fs = app.open()) {
      List<DueItem> items = fs.due();
      for (DueItem i : items) {
        app.out.println((i.overdue() ? "OVERDUE  " : "due      ") + i.reason());
      }
      long overdue = items.stream().filter(DueItem::overdue).count();
      app.out.println(items.isEmpty() ? "Nothing due or overdue."
          : items.size() + " due, " + overdue + " overdue.");
      return 0;
    }
  }
}
