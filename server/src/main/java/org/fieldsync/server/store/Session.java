package org.fieldsync.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One transaction's connection, shared by every repository of a {@link Tx}. It always sees its
 * own writes: writes a repository queues as JDBC batches (a push's revisions, say) are written
 * before any other statement runs, so no caller has to remember to flush.
 *
 * <p>Prepared statements are cached for the transaction's life, so a 1,000-item push parses each
 * statement once. Rejected: flushing after every queued write (a push of 1,000 new records would
 * cost 2,000 round trips instead of two batches) and asking callers to flush (they forgot).
 */
final class Session implements AutoCloseable {
  /** Writes what a repository queued; run before the next statement and before commit. */
  @FunctionalInterface
  interface Pending {
    void write() throws SQLException;
  }

  private final Connection c;
  private final Map<String, PreparedStatement> cache = new HashMap<>();
  private final Set<Pending> pending = new LinkedHashSet<>();

  Session(Connection c) {
    this.c = c;
  }

  /** A cached statement with {@code args} bound; anything queued is written first. */
  PreparedStatement bind(String sql, Object... args) throws SQLException {
    PreparedStatement p = statement(sql);
    for (int i = 0; i < args.length; i++) {
      p.setObject(i + 1, args[i]);
    }
    return p;
  }

  /** A cached statement, unbound; anything queued is written first. */
  PreparedStatement statement(String sql) throws SQLException {
    flush();
    return cached(sql);
  }

  /**
   * A statement prepared for one use (its SQL varies, so caching it would only fill the cache);
   * the caller closes it. Anything queued is written first.
   */
  PreparedStatement once(String sql, List<Object> args) throws SQLException {
    flush();
    PreparedStatement p = c.prepareStatement(sql);
    for (int i = 0; i < args.size(); i++) {
      p.setObject(i + 1, args.get(i));
    }
    return p;
  }

  /**
   * A cached statement to add a batch row to, without writing anything; {@code writer} writes
   * the queued rows when the session next needs them.
   */
  PreparedStatement queue(String sql, Pending writer) throws SQLException {
    pending.add(writer);
    return cached(sql);
  }

  /** Writes everything queued, in the order the writers first queued. */
  void flush() throws SQLException {
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> now = new ArrayList<>(pending);
    pending.clear();
    for (Pending p : now) {
      p.write();
    }
  }

  private PreparedStatement cached(String sql) throws SQLException {
    PreparedStatement p = cache.get(sql);
    if (p == null) {
      p = c.prepareStatement(sql);
      cache.put(sql, p);
    }
    return p;
  }

  @Override
  public void close() {
    for (PreparedStatement p : cache.values()) {
      try {
        p.close();
      } catch (SQLException e) {
        // Closing a statement of a finished transaction; nothing to recover.
      }
    }
    cache.clear();
    pending.clear();
  }
}
