package org.fieldsync.examples.tablet;

import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.ListenerToken;
import org.fieldsync.client.SyncResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Pushes what is pending and pulls what is new, with a progress bar. */
@Command(name = "sync", description = "Sync now: push pending records, pull colleagues' changes.")
final class SyncCommand implements Callable<Integer> {
  @ParentCommand TabletApp app;

  @Override
  public Integer call() {
    try (FieldSync fs = app.open()) {
      int pending = fs.status().pending();
      long pushedBefore = fs.status().pushed();
      SyncResult r;
      try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Sync")
          .setInitialMax(Math.max(pending, 1)).setUpdateIntervalMillis(100)
          .setConsumer(new ConsoleProgressBarConsumer(app.err, 80)).build();
          ListenerToken t = fs.addStatusListener(s -> {
            bar.stepTo(Math.min(s.pushed() - pushedBefore, Math.max(pending, 1)));
            bar.setExtraMessage(s.phase() + ", pulled " + s.pulled());
          })) {
        r = fs.syncNow();
        bar.stepTo(Math.max(pending, 1));
      }
      app.out.println("Pushed " + r.pushed() + " (accepted " + r.accepted() + ", under review "
          + r.conflicts() + ", needs attention " + r.rejected() + "), pulled " + r.pulled()
          + "; " + fs.status().pending() + " still pending.");
      return 0;
    }
  }
}
