package org.fieldsync.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.fieldsync.server.testing.TestServer;
import org.fieldsync.server.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/ready} follows the database: 503 {@code unavailable} while PostgreSQL refuses
 * the node's connections, 200 again once it takes them, while {@code /health/live} stays 200
 * (the process is fine; restarting it would not help).
 */
class ReadinessTest {
  @TempDir Path tmp;

  @Test
  void readyIs503WhileTheDatabaseCannotBeReachedAndRecovers() throws Exception {
    String db = TestStores.scratch();
    try (TestServer server = TestServer.start(tmp.resolve("data"), ServerConfig.builder()
        .store("postgresql").jdbcUrl(TestStores.HOST_URL + db).dbUser("postgres")
        .dbPassword("").build())) {
      Api api = new Api(server.port());
      assertEquals(200, api.send("GET", "/health/ready", null, null).status());

      admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
      admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db
          + "'");
      waitFor(Duration.ofSeconds(30), () -> {
        RawHttp.Response r = api.send("GET", "/health/ready", null, null);
        return r.status() == 503 && Api.json(r).get("status").asText().equals("unavailable");
      }, "ready to be 503 unavailable");
      assertEquals(200, api.send("GET", "/health/live", null, null).status());

      admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
      waitFor(Duration.ofSeconds(60), () -> api.send("GET", "/health/ready", null, null)
          .status() == 200, "ready again once the database takes connections");
    } finally {
      admin("ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
      TestStores.drop(db);
    }
  }

  private static void admin(String sql) throws Exception {
    try (Connection c = TestStores.connect(TestStores.HOST_URL + "postgres");
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void waitFor(Duration max, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + max + ": " + what);
      }
      // Poll interval of a bounded wait on a condition; no test outcome depends on timing.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }
}
