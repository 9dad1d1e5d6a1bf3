package org.fieldsync.server.caserecord;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.RecordRow;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.sync.PokeHub;

/**
 * {@code PUT|DELETE /api/v1/records/{id}/restriction}: a team manager restricts a record of a
 * sensitive category (domestic abuse, exploitation, an allegation against a professional) to
 * named workers, or lifts it. Everyone else's tablet is told to drop the record at its next pull;
 * timelines, history and the console leave it out for them.
 */
public final class RestrictionRoutes implements RouteModule {
  static final List<String> CATEGORIES = List.of("domestic_abuse", "exploitation",
      "allegation_against_professional");
  static final String CODE_INVALID = "restriction.invalid";

  private final Store store;

  public RestrictionRoutes(Store store) {
    this.store = store;
  }

  @Override
  public void mount(Router router, Http http) {
    String p = Http.PREFIX + "/records/:id/restriction";
    router.put(p).handler(http.bodies()).handler(http.auth())
        .handler(ctx -> change(ctx, http, true));
    router.delete(p).handler(http.auth()).handler(ctx -> change(ctx, http, false));
  }

  private void change(RoutingContext ctx, Http http, boolean restrict) {
    http.requireRole(ctx, Principal.TEAM_MANAGER);
    Principal who = http.principal(ctx);
    String id = ctx.pathParam("id");
    if (id == null || id.isBlank() || id.length() > 128) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "the record id is invalid");
    }
    byte[] body = restrict ? http.body(ctx) : null;
    http.blocking(ctx, () -> {
      long now = http.now();
      Map<String, Object> out = store.write(tx -> {
        // Scope first: a record the manager may not see is 404 whatever the body says.
        RecordRow rec = RecordAccess.inScope(tx, who, id);
        String cat = null;
        List<String> users = new ArrayList<>();
        if (restrict) {
          JsonNode req = ProtocolCodec.decode(body, JsonNode.class);
          cat = req.path("category").asText("");
          if (!CATEGORIES.contains(cat)) {
            throw invalid("category", "category must be one of " + CATEGORIES);
          }
          if (!req.path("users").isArray() || req.path("users").size() > 50) {
            throw invalid("users", "users must be a list of up to 50 user ids");
          }
          req.path("users").forEach(u -> users.add(u.asText()));
          if (!users.contains(who.userId())) {
            users.add(who.userId()); // the manager who restricts it keeps sight of it
          }
        }
        for (String u : users) {
          if (tx.directory().userById(u).isEmpty()) {
            throw invalid("users", "no user " + u);
          }
        }
        boolean changed = true;
        if (restrict) {
          tx.restrictions().restrict(id, cat, users, who.userId(), now);
        } else {
          changed = tx.restrictions().unrestrict(id);
        }
        if (changed) {
          // Every holder's next pull sees the change.
          tx.revisions().touch(id, tx.feed().reserveSeqs(1), now);
          AuditChain.append(tx, List.of(AuditEvent.by(who, null, restrict ? "restriction.set"
              : "restriction.lift", id, "category", cat, "users", users)), now);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recordId", id);
        m.put("restricted", restrict);
        m.put("category", cat);
        m.put("users", users);
        m.put("caseId", rec.caseId());
        return m;
      });
      PokeHub.pokeCase(ctx.vertx(), store, (String) out.get("caseId"));
      return out;
    }, 200);
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(400, CODE_INVALID, message,
        List.of(new FieldError(field, CODE_INVALID, message)));
  }
}
