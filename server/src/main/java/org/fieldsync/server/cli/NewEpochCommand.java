package org.fieldsync.server.cli;

import java.io.PrintWriter;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.StoreIdentity;
import picocli.CommandLine.Command;

/**
 * {@code new-epoch}: starts a new life of the store, for after it was restored (from a backup,
 * or to a point in time) with the servers stopped. Every tablet's checkpoint from before is then
 * answered {@code 410 sync.checkpoint.reset}: the tablet pulls from the start and pushes again
 * what the restored store lacks, instead of skipping what the restore took back.
 */
@Command(name = "new-epoch", description = "After restoring the store: start a new epoch, so"
    + " every tablet re-pulls and re-pushes what the restore lost.")
final class NewEpochCommand extends StoreCommand {
  @Override
  String name() {
    return "new-epoch";
  }

  @Override
  int run(Store store, PrintWriter out) {
    StoreIdentity id = StoreIdentity.newEpoch(store);
    out.println("store " + id.id() + " is now in epoch " + id.epoch());
    return 0;
  }
}
