package org.fieldsync.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
  @Test
  void fileKeysAndEnvironmentVariablesBothApply() {
    ServerConfig c = ServerConfig.defaults().merge(new JsonObject()
        .put("port", 9100)
        .put("FIELDSYNC_DATA_DIR", "/var/lib/fieldsync")
        .put("FIELDSYNC_MAX_BATCH", "500")
        .put("FIELDSYNC_DEMO", "true")
        .put("FIELDSYNC_REFRESH_SECONDS", "86400")
        .put("leaseSeconds", 3600)
        .put("PATH", "/usr/bin"));
    assertEquals(9100, c.port());
    assertEquals(Path.of("/var/lib/fieldsync"), c.dataDir());
    assertEquals(500, c.maxBatch());
    assertTrue(c.demo());
    assertEquals("sqlite", c.store());
    assertEquals(86_400L, c.refreshSeconds());
    assertEquals(3_600L, c.leaseSeconds());
    assertEquals(30L * 24 * 3600, ServerConfig.defaults().refreshSeconds());
  }

  @Test
  void environmentVariablesOverrideTheConfigFileAsTheReadmeSays() {
    // As the config retriever hands them over: the file's keys and FIELDSYNC_* side by side.
    ServerConfig c = ServerConfig.defaults().merge(new JsonObject().put("port", 9001)
        .put("FIELDSYNC_PORT", "9002").put("host", "10.0.0.1").put("maxBatch", 100));
    assertEquals(9002, c.port(), "the environment wins over the file");
    assertEquals("10.0.0.1", c.host(), "the file wins over the default");
    assertEquals(100, c.maxBatch());
  }

  @Test
  void aBadNumberSaysWhichSettingIsWrong() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServerConfig.defaults().merge(new JsonObject().put("FIELDSYNC_PORT", "eighty")));
    assertTrue(e.getMessage().contains("FIELDSYNC_PORT"), e.getMessage());
  }

  @Test
  void theTokenSecretNeverAppearsInToString() {
    ServerConfig c = ServerConfig.defaults().merge(new JsonObject()
        .put("FIELDSYNC_TOKEN_SECRET", "s3cr3t-value"));
    assertEquals("s3cr3t-value", c.tokenSecret());
    assertFalse(c.toString().contains("s3cr3t"));
  }

  @Test
  void plainHttpOnlyForDevelopmentOnLoopbackOtherwiseHttps(@TempDir
      Path tmp) throws Exception {
    ServerConfig dev = ServerConfig.builder().demo(true).dataDir(tmp).build();
    Assertions.assertFalse(FieldSyncServer.transport(dev).tls());
    Assertions.assertThrows(IllegalArgumentException.class,
        () -> FieldSyncServer.transport(dev.with(b -> b.host("0.0.0.0"))), "dev, but not loopback");
    Assertions.assertThrows(IllegalArgumentException.class,
        () -> FieldSyncServer.transport(ServerConfig.builder().dataDir(tmp).build()),
        "loopback, but not dev");
    ServerConfig tls = FieldSyncServer.transport(dev.with(b -> b.host("0.0.0.0")
        .tlsSelfSigned(true)));
    Assertions.assertTrue(tls.tls());
    Assertions.assertTrue(Files.readString(
        Path.of(tls.tlsCert())).startsWith("-----BEGIN CERTIFICATE-----"));
  }
}
