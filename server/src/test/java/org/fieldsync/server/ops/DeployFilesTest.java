package org.fieldsync.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.auth.DevCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files in {@code deploy/} stay true: the example production configuration means what the
 * README says (PostgreSQL, TLS, shared secrets, metrics on loopback, the password from a file),
 * and HAProxy accepts the example balancer configuration.
 */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("..", "deploy");

  @TempDir Path tmp;

  @Test
  void theExampleProductionConfigurationIsPostgresWithTlsAndSharedSecrets() throws Exception {
    JsonObject json = new JsonObject(Files.readString(DEPLOY.resolve("fieldsync.json")));
    Path password = tmp.resolve("db-password");
    Files.writeString(password, "not-a-real-password\n");
    json.put("dbPasswordFile", password.toString());
    ServerConfig c = ServerConfig.defaults().merge(json);
    assertEquals("postgresql", c.storeSettings().kind());
    assertTrue(c.jdbcUrl().startsWith("jdbc:postgresql://"), c.jdbcUrl());
    assertEquals("not-a-real-password", c.dbPassword(), "read from the file, trimmed");
    assertTrue(c.tls(), "production speaks HTTPS");
    assertFalse(c.development(), "and is not development mode: it never makes its own secrets");
    assertEquals(Path.of("/etc/fieldsync/secrets"), c.secrets());
    assertEquals("127.0.0.1", c.metricsHost(), "metrics only on loopback");
    assertEquals(9464, c.metricsPort());
    assertFalse(c.toString().contains("not-a-real-password"), "the password is never printed");
  }

  @Test
  void haproxyAcceptsTheExampleBalancer() throws Exception {
    Path[] cert = DevCertificate.ensure(tmp);
    String cfg = Files.readString(DEPLOY.resolve("haproxy.cfg"))
        .replace("/etc/haproxy/fieldsync-ca.pem", cert[0].toString());
    Path file = tmp.resolve("haproxy.cfg");
    Files.writeString(file, cfg);
    Process p = new ProcessBuilder("/usr/sbin/haproxy", "-c", "-f", file.toString())
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.exitValue(), out);
  }
}
