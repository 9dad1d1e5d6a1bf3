package org.fieldsync.server.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fieldsync.server.store.SqliteStore;
import org.fieldsync.server.store.Store;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code backup --to FILE}: a consistent copy of the embedded SQLite store, taken while the
 * server runs (SQLite's {@code VACUUM INTO}: one read snapshot; writers go on). PostgreSQL is
 * backed up with its own tools ({@code pg_dump}, or base backups with WAL archiving for
 * point-in-time recovery; see the README).
 */
@Command(name = "backup", description = "Copy the SQLite store consistently while the server"
    + " runs: exit 0 when written, 2 when it could not be.")
final class BackupCommand extends StoreCommand {
  @Option(names = "--to", paramLabel = "FILE", required = true,
      description = "the backup file to write (must not exist)")
  private Path to;

  @Override
  String name() {
    return "backup";
  }

  @Override
  int run(Store store, PrintWriter out) {
    if (!(store instanceof SqliteStore sqlite)) {
      out.println("backup copies the embedded SQLite store; back up PostgreSQL with pg_dump or"
          + " a base backup with WAL archiving (see the README), then run new-epoch after any"
          + " restore");
      return 2;
    }
    if (Files.exists(to)) {
      out.println("backup: " + to + " exists; name a new file");
      return 2;
    }
    sqlite.backup(to);
    out.println("backup written to " + to);
    return 0;
  }
}
