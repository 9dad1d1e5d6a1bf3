package org.fieldsync.server.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

/** Damage done to a stopped server's SQLite file, the way a failing disk would. */
public final class StoreDamage {
  private StoreDamage() {}

  /**
   * Overwrites the head of the revisions table's root page (its page type and cell pointers),
   * which SQLite's own check must notice. The server must be stopped, so nothing is in the log.
   */
  public static void breakRevisionsPage(Path data) throws Exception {
    Path db = data.resolve("fieldsync.db");
    Path wal = data.resolve("fieldsync.db-wal");
    assertFalse(Files.exists(wal) && Files.size(wal) > 0, "everything is in the main file");
    int root;
    int pageSize;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT rootpage FROM sqlite_master"
          + " WHERE name = 'revisions'")) {
        rs.next();
        root = rs.getInt(1);
      }
      try (ResultSet rs = s.executeQuery("PRAGMA page_size")) {
        rs.next();
        pageSize = rs.getInt(1);
      }
    }
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      f.seek((long) (root - 1) * pageSize);
      byte[] junk = new byte[64];
      Arrays.fill(junk, (byte) 0xFF);
      f.write(junk);
    }
  }
}
