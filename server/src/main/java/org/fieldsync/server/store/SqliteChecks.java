package org.fieldsync.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks of the SQLite files themselves, before and after SQLite opens them.
 *
 * <p>A write-ahead log is a 32-byte header and whole frames (a 24-byte frame header and one
 * page). One that ends part-way through a frame was cut short: by a power cut in the middle of a
 * write (then only an unfinished transaction is lost, and SQLite drops it), or by a copy or a
 * full disk that cut it (then committed changes in it are silently lost, because SQLite replays
 * only the frames up to the last whole commit). The two cannot be told apart from the file, so
 * the server says so loudly and keeps a copy of the log before SQLite reads it: the evidence that
 * would otherwise be gone at the first checkpoint.
 */
final class SqliteChecks {
  private static final int WAL_HEADER = 32;
  private static final int FRAME_HEADER = 24;

  private SqliteChecks() {}

  /** What is wrong with a WAL file, or null when it is absent, empty or whole. */
  static String walProblem(Path wal) throws IOException {
    if (!Files.exists(wal)) {
      return null;
    }
    long size = Files.size(wal);
    if (size == 0) {
      return null;
    }
    if (size < WAL_HEADER) {
      return "the write-ahead log " + wal + " is " + size + " bytes, shorter than its header";
    }
    ByteBuffer head = ByteBuffer.allocate(WAL_HEADER);
    try (InputStream in = Files.newInputStream(wal)) {
      head.put(in.readNBytes(WAL_HEADER)).flip();
    }
    int magic = head.getInt(0);
    int pageSize = head.getInt(8) == 1 ? 65_536 : head.getInt(8);
    if ((magic & 0xFFFFFFFE) != 0x377F0682 || pageSize < 512 || pageSize > 65_536
        || Integer.bitCount(pageSize) != 1) {
      return "the write-ahead log " + wal + " does not start with a SQLite WAL header";
    }
    long tail = (size - WAL_HEADER) % (FRAME_HEADER + pageSize);
    return tail == 0 ? null : "the write-ahead log " + wal + " ends " + tail + " bytes into a"
        + " frame: it was cut short, by a crash in the middle of a write (nothing committed is"
        + " lost) or by truncation (committed changes in it are lost)";
  }

  /** Keeps an owner-only copy of a WAL beside it, before SQLite recovers from it. */
  static Path keepCopy(Path wal, long now) throws IOException {
    Path copy = wal.resolveSibling(wal.getFileName() + "." + now + ".damaged");
    DataFolder.ownerOnlyFile(copy);
    Files.copy(wal, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  /**
   * SQLite's own check of the database: {@code quick_check} (structure, O(size)) or
   * {@code integrity_check} (also every index against its table). The problems it names; empty
   * when it says {@code ok}.
   */
  static List<String> check(Connection c, boolean full) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(full ? "PRAGMA integrity_check(100)"
            : "PRAGMA quick_check(100)")) {
      while (rs.next()) {
        String row = rs.getString(1);
        if (!"ok".equals(row)) {
          problems.add(row);
        }
      }
    }
    return problems;
  }
}
