package org.fieldsync.server;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A fresh real server on a random port with SQLite in a temp folder, for every test. */
@ExtendWith(VertxExtension.class)
abstract class ServerTestBase {
  @TempDir Path dir;
  ServerFixture f;

  @BeforeEach
  void start(Vertx vertx, VertxTestContext ctx) {
    ServerFixture.start(vertx, dir).onComplete(ctx.succeeding(s -> {
      f = s;
      ctx.completeNow();
    }));
  }

  @AfterEach
  void stop(VertxTestContext ctx) {
    f.close().onComplete(ctx.succeedingThenComplete());
  }
}
