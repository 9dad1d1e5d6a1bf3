package org.fieldsync.server.store;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The schema: one set of Flyway migrations ({@code db/migration}) for both stores, and the
 * readiness rule that a node serves only a schema at least as new as the one it migrated to.
 */
final class Schema {
  private Schema() {}

  /** Migrates and returns the version the schema is now at. */
  static String migrate(FluentConfiguration flyway) {
    var f = flyway.locations("classpath:db/migration").load();
    f.migrate();
    var current = f.info().current();
    return current == null ? "0" : current.getVersion().getVersion();
  }

  /** Whether schema version {@code have} is at least {@code need}. */
  static boolean atLeast(String have, String need) {
    return have != null && MigrationVersion.fromVersion(have)
        .compareTo(MigrationVersion.fromVersion(need)) >= 0;
  }
}
