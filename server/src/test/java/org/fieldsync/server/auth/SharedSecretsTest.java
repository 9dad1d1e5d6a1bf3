package org.fieldsync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.fieldsync.server.FieldSyncServer;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A production node never makes its own secrets: without the shared ones it refuses to start and
 * names what is missing; with the files the {@code secrets} command makes, it starts and uses
 * them as they are (making them again keeps them).
 */
class SharedSecretsTest {
  @TempDir Path tmp;

  @Test
  void aProductionNodeWithoutTheSharedSecretsRefusesToStartAndMakesNone() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ServerConfig production = TestStores.on(ServerConfig.builder().port(0)
          .dataDir(tmp.resolve("data")).secretsDir(tmp.resolve("secrets")).tlsSelfSigned(true)
          .argon2MemoryKib(1024).argon2Iterations(1).build());
      ExecutionException refused = assertThrows(
          ExecutionException.class, () -> FieldSyncServer.start(vertx, production)
              .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
      String why = refused.getCause().getMessage();
      assertTrue(why.contains("token-secret") && why.contains("server-signing.key")
          && why.contains("lease-secret") && why.contains("secrets --out"), why);
      assertTrue(!Files.exists(tmp.resolve("secrets").resolve("token-secret")),
          "it made none of its own");

      assertEquals(List.of("token-secret", "server-signing.key", "lease-secret"),
          SharedSecrets.create(tmp.resolve("secrets"), true));
      assertEquals(List.of(), SharedSecrets.create(tmp.resolve("secrets"), true),
          "existing secrets are kept");
      FieldSyncServer a = FieldSyncServer.start(vertx, production).toCompletionStage()
          .toCompletableFuture().get(60, TimeUnit.SECONDS);
      String keyA = SharedSecrets.load(tmp.resolve("secrets"), null, false).keys().keyId();
      a.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      assertEquals(keyA, SharedSecrets.load(tmp.resolve("secrets"), null, false).keys().keyId());
      TestStores.drop(production);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
