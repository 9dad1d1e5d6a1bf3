package org.fieldsync.server.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The store's own facts: its identity, epoch and checkpoint key ({@link StoreIdentity}). */
public final class MetaRepo {
  private final Session s;

  MetaRepo(Session s) {
    this.s = s;
  }

  /** A store fact, or empty. */
  public Optional<String> get(String key) throws SQLException {
    try (ResultSet rs = s.bind("SELECT meta_value FROM store_meta WHERE meta_key = ?", key)
        .executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  /** The version of the last migration applied to this store. */
  public String schemaVersion() throws SQLException {
    try (ResultSet rs = s.bind("SELECT version FROM flyway_schema_history WHERE success"
        + " AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1").executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Sets a store fact. */
  public void put(String key, String value) throws SQLException {
    s.bind("INSERT INTO store_meta (meta_key, meta_value) VALUES (?, ?) ON CONFLICT (meta_key)"
        + " DO UPDATE SET meta_value = excluded.meta_value", key, value).executeUpdate();
  }
}
