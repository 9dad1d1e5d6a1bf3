package org.fieldsync.examples.tablet;

import java.util.concurrent.Callable;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.LocalRecord;
import org.fieldsync.client.SyncState;
import org.fieldsync.protocol.validation.FieldError;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * The records the worker must look at: refused by the server (needs attention) or in conflict
 * with a colleague's change (under review), each with its reason. Offline.
 */
@Command(name = "attention", description = "Records that need attention or are under review,"
    + " with the reasons (works offline).")
final class AttentionCommand implements Callable<Integer> {
  @ParentCommand TabletApp app;

  @Override
  public Integer call() {
    try (FieldSync fs = app.open()) {
      int n = 0;
      for (LocalRecord<?> r : AllRecords.of(fs, null)) {
        if (r.state() != SyncState.NEEDS_ATTENTION && r.state() != SyncState.UNDER_REVIEW) {
          continue;
        }
        n++;
        app.out.println(AllRecords.line(r));
        if (r.attention() != null) {
          app.out.println("  why: " + r.attention().message() + " [" + r.attention().code() + "]");
          for (FieldError e : r.attention().fieldErrors()) {
            app.out.println("  " + e.field() + ": " + e.message() + " [" + e.code() + "]");
          }
        }
      }
      app.out.println(n == 0 ? "Nothing needs your attention." : n + " records to look at.");
      return 0;
    }
  }
}
