package org.fieldsync.server.cli;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Callable;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.StoreIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code restore --from FILE}: puts a SQLite backup back as the data folder's store, with the
 * server stopped, and starts a new epoch ({@link NewEpochCommand}) so every tablet re-pulls and
 * re-pushes what the backup lacks. The store it replaces is kept beside it as
 * {@code fieldsync.db.before-restore}. Uses SQLite's backup API (a page copy inside SQLite's
 * locking), never a file copy under a database that might be open.
 */
@Command(name = "restore", description = "With the server stopped: put a SQLite backup back and"
    + " start a new epoch. Exit 0 when restored, 2 when not.")
final class RestoreCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions config;

  @Spec
  CommandSpec spec;

  @Option(names = "--from", paramLabel = "FILE", required = true,
      description = "the backup file (from the backup command)")
  private Path from;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Vertx vertx = Vertx.vertx();
    ServerConfig cfg;
    try {
      cfg = config.load(vertx);
    } finally {
      vertx.close();
    }
    if (!"sqlite".equals(cfg.storeSettings().kind())) {
      err.println("restore puts back a SQLite backup; restore PostgreSQL with pg_restore or"
          + " point-in-time recovery, then run new-epoch (see the README)");
      return 2;
    }
    if (!Files.isRegularFile(from)) {
      err.println("restore: no backup file " + from);
      return 2;
    }
    Path db = cfg.dataDir().resolve("fieldsync.db");
    Path before = cfg.dataDir().resolve("fieldsync.db.before-restore");
    try {
      Files.createDirectories(cfg.dataDir());
      Files.deleteIfExists(before);
      // SQLite's own backup API, into the live file: its locking and write-ahead log stay
      // SQLite's (replacing the file under it could lose the new epoch to a stale log).
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
          Statement s = c.createStatement()) {
        s.executeUpdate("backup to " + before.toAbsolutePath());
        s.executeUpdate("restore from " + from.toAbsolutePath());
      }
    } catch (IOException | SQLException e) {
      err.println("restore could not put back " + from + ": " + e.getMessage());
      return 2;
    }
    try (Store store = cfg.storeSettings().open()) {
      StoreIdentity id = StoreIdentity.newEpoch(store);
      out.println("restored " + from + "; store " + id.id() + " is now in epoch " + id.epoch());
      return 0;
    } catch (RuntimeException e) {
      err.println("restore could not open the restored store: " + e.getMessage());
      return 2;
    } finally {
      out.flush();
    }
  }
}
