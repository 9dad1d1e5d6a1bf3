package org.fieldsync.examples.tablet;

import java.util.concurrent.Callable;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.SyncStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** What the tablet holds that the server has not seen, and how the last sync went. Offline. */
@Command(name = "status", description = "Pending, needs-attention and under-review counts.")
final class StatusCommand implements Callable<Integer> {
  @ParentCommand TabletApp app;

  @Override
  public Integer call() {
    try (FieldSync fs = app.open()) {
      SyncStatus s = fs.status();
      app.out.println("Pending: " + s.pending() + ", needs attention: " + s.needsAttention()
          + ", under review: " + s.underReview() + " (device " + fs.deviceId() + ")");
      return 0;
    }
  }
}
