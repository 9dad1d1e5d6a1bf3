package org.fieldsync.server.caseimport;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.sync.PokeHub;
import java.io.IOException;

/**
 * {@code POST /api/v1/integration/cases}: the case management system sends its case file
 * (NDJSON, see {@link CaseImport}); {@code ?dryRun=true} answers what would change and changes
 * nothing. Authenticated by its own bearer token ({@code caseImportToken}), which is not a user
 * and opens no other route. Always 200 with a line-by-line report once the file is read: a bad
 * line is in the report, not a failed request. Workers whose allocations changed are poked, so
 * their tablets pull the change at once.
 */
public final class CaseImportRoutes implements RouteModule {
  /** The integration token is missing or wrong. */
  public static final String TOKEN_INVALID = "integration.token.invalid";
  private final byte[] token;
  private final CaseImport cases;

  public CaseImportRoutes(String token, CaseImport cases) {
    this.token = token == null || token.isBlank() ? null
        : token.getBytes(StandardCharsets.UTF_8);
    this.cases = cases;
  }

  @Override
  public void mount(Router router, Http http) {
    router.post(Http.PREFIX + "/integration/cases")
        .handler(ctx -> {
          check(ctx, token);
          ctx.next();
        })
        .handler(http.rawBodies(Set.of("application/x-ndjson", "application/json",
            "text/plain")))
        .handler(ctx -> run(ctx, http));
  }

  /** Refuses unless the request carries {@code token} as its bearer token. */
  static void check(RoutingContext ctx, byte[] token) {
    String h = ctx.request().getHeader("Authorization");
    byte[] given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
        ? h.substring(7).trim().getBytes(StandardCharsets.UTF_8) : null;
    if (token == null || given == null || !MessageDigest.isEqual(token, given)) {
      throw new ApiException(401, TOKEN_INVALID, token == null ? "the case import is not"
          + " configured on this server (caseImportToken)" : "send the case import's bearer"
          + " token");
    }
  }

  private void run(RoutingContext ctx, Http http) {
    boolean dry = "true".equalsIgnoreCase(http.param(ctx, "dryRun"));
    String text = new String(http.rawBody(ctx), StandardCharsets.UTF_8); // gzip undone
    if (text.isBlank()) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_MALFORMED, "send the case file as"
          + " NDJSON, one item per line");
    }
    http.blocking(ctx, () -> {
      List<String> lines;
      try {
        lines = CaseImport.lines(new StringReader(text));
      } catch (IOException e) {
        throw new ApiException(400, ErrorCodes.REQUEST_BODY_INVALID, e.getMessage());
      }
      ImportReport r = cases.run(lines, dry);
      if (!r.allocationsChanged().isEmpty()) {
        PokeHub.publish(ctx.vertx(), Set.copyOf(r.allocationsChanged()), null);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("dryRun", r.dryRun());
      out.put("summary", r.summary());
      out.put("lines", r.lines());
      return out;
    }, 200);
  }
}
