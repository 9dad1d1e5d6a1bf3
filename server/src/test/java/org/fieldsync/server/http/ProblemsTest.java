package org.fieldsync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * Plain status codes that a handler or Vert.x itself fails with become the codes PROTOCOL.md
 * section 8.6 names, through the same failure handler the API uses.
 */
class ProblemsTest {
  @Test
  void aPlainFourFifteenIsTheContentTypeCode() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Router router = Router.router(vertx);
      router.post("/x").handler(ctx -> ctx.fail(415));
      router.route().failureHandler(Problems::onFailure);
      HttpServer s = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      RawHttp.Response r = RawHttp.send(s.actualPort(), "POST", "/x",
          Map.of("Content-Type", "text/csv"), "a,b");
      assertEquals(415, r.status());
      assertEquals(ErrorCodes.REQUEST_CONTENT_TYPE, Api.json(r).get("code").asText());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
