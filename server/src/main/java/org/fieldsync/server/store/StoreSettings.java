package org.fieldsync.server.store;

import java.nio.file.Path;

/**
 * Which store to open and how to reach it.
 *
 * @param kind {@code sqlite} (the embedded default) or {@code postgresql}
 * @param dataDir the SQLite database's folder
 * @param jdbcUrl the PostgreSQL JDBC URL, for example
 *     {@code jdbc:postgresql://db.example.org:5432/fieldsync}
 * @param user the PostgreSQL user
 * @param password the PostgreSQL password (from the environment or a secret file; never logged)
 * @param poolSize most PostgreSQL read connections this node holds (writes have 4 of their own)
 */
public record StoreSettings(String kind, Path dataDir, String jdbcUrl, String user,
    String password, int poolSize) {

  /** The embedded store in {@code dataDir}. */
  public static StoreSettings sqlite(Path dataDir) {
    return new StoreSettings("sqlite", dataDir, null, null, null, 0);
  }

  /** Opens (and migrates) the store these settings name. */
  public Store open() {
    return switch (kind) {
      case "sqlite" -> new SqliteStore(dataDir);
      case "postgresql" -> new PostgresStore(this);
      default -> throw new IllegalArgumentException("store must be sqlite or postgresql, not '"
          + kind + "'");
    };
  }

  @Override
  public String toString() { // never prints the password
    return "StoreSettings[kind=" + kind + ", dataDir=" + dataDir + ", jdbcUrl=" + safeUrl()
        + ", user=" + user + ", poolSize=" + poolSize + "]";
  }

  /** The JDBC URL for logs: a password given in it is masked. */
  public String safeUrl() {
    return jdbcUrl == null ? null : jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
