package org.fieldsync.server.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SCIM 2.0 provisioning (RFC 7643, RFC 7644) under {@code /scim/v2}: {@code Users} and
 * {@code Groups} (create, get, list with {@code filter=userName eq "…"} and {@code startIndex}/
 * {@code count}, replace, patch, delete), and {@code ServiceProviderConfig}, {@code Schemas} and
 * {@code ResourceTypes}. Its own bearer token ({@code scimToken}) is the only way in, and that
 * token opens nothing else: it is not a user and holds no case. Every refusal is a SCIM error
 * (RFC 7644 section 3.12) with a stable {@code scimType} and {@code detail}, plus FieldSync's
 * {@code code} and {@code message}; a version conflict ({@code If-Match}) is 412.
 */
public final class ScimRoutes implements RouteModule {
  /** Where SCIM lives. */
  public static final String BASE = "/scim/v2";
  static final int MAX_COUNT = 200;
  private static final String MEDIA = "application/scim+json";
  private static final Logger LOG = LoggerFactory.getLogger(ScimRoutes.class);
  private final byte[] token;
  private final Provisioning provisioning;

  /**
   * SCIM routes.
   *
   * @param token the provisioning client's bearer token; null answers every request 401
   * @param provisioning does the work
   */
  public ScimRoutes(String token, Provisioning provisioning) {
    this.token = token == null || token.isBlank() ? null
        : token.getBytes(StandardCharsets.UTF_8);
    this.provisioning = provisioning;
  }

  @Override
  public void mount(Router router, Http http) {
    router.route(BASE + "/*").failureHandler(this::failed);
    router.get(BASE + "/ServiceProviderConfig").handler(this::auth)
        .handler(ctx -> send(ctx, 200, ScimDiscovery.serviceProviderConfig(base(ctx)), null));
    router.get(BASE + "/Schemas").handler(this::auth)
        .handler(ctx -> send(ctx, 200, ScimDiscovery.schemas(base(ctx)), null));
    router.get(BASE + "/ResourceTypes").handler(this::auth)
        .handler(ctx -> send(ctx, 200, ScimDiscovery.resourceTypes(base(ctx)), null));
    for (String kind : List.of("Users", "Groups")) {
      boolean users = kind.equals("Users");
      router.get(BASE + "/" + kind).handler(this::auth).handler(ctx -> blocking(http, ctx,
          () -> list(ctx, users), 200));
      router.post(BASE + "/" + kind).handler(http.bodies()).handler(this::auth)
          .handler(ctx -> {
            JsonNode body = body(http, ctx);
            blocking(http, ctx, () -> users ? provisioning.createUser(body, base(ctx))
                : provisioning.createGroup(body, base(ctx)), 201);
          });
      router.get(BASE + "/" + kind + "/:id").handler(this::auth).handler(ctx -> blocking(http,
          ctx, () -> users ? provisioning.user(ctx.pathParam("id"), base(ctx))
              : provisioning.group(ctx.pathParam("id"), base(ctx)), 200));
      router.put(BASE + "/" + kind + "/:id").handler(http.bodies()).handler(this::auth)
          .handler(ctx -> {
            JsonNode body = body(http, ctx);
            String match = ctx.request().getHeader("If-Match");
            blocking(http, ctx, () -> users
                ? provisioning.replaceUser(ctx.pathParam("id"), body, match, base(ctx))
                : provisioning.replaceGroup(ctx.pathParam("id"), body, match, base(ctx)), 200);
          });
      router.patch(BASE + "/" + kind + "/:id").handler(http.bodies()).handler(this::auth)
          .handler(ctx -> {
            JsonNode body = body(http, ctx);
            String match = ctx.request().getHeader("If-Match");
            blocking(http, ctx, () -> users
                ? provisioning.patchUser(ctx.pathParam("id"), body, match, base(ctx))
                : provisioning.patchGroup(ctx.pathParam("id"), body, match, base(ctx)), 200);
          });
      router.delete(BASE + "/" + kind + "/:id").handler(this::auth).handler(ctx -> {
        String match = ctx.request().getHeader("If-Match");
        blocking(http, ctx, () -> {
          if (users) {
            provisioning.deactivate(ctx.pathParam("id"), match);
          } else {
            provisioning.deleteGroup(ctx.pathParam("id"), match);
          }
          return null;
        }, 204);
      });
    }
    router.route(BASE + "/*").handler(this::auth).handler(ctx -> {
      throw new ScimException(404, null, "no SCIM endpoint " + ctx.request().path());
    });
  }

  private ObjectNode list(RoutingContext ctx, boolean users) {
    int start = number(ctx, "startIndex", 1);
    int count = Math.min(MAX_COUNT, Math.max(0, number(ctx, "count", 100)));
    ScimFilter f = ScimFilter.parse(param(ctx, "filter"), users ? "userName" : "displayName");
    Provisioning.Page page = users ? provisioning.users(f, Math.max(1, start), count, base(ctx))
        : provisioning.groups(f, Math.max(1, start), count, base(ctx));
    ObjectNode o = ProtocolCodec.mapper().createObjectNode();
    o.putArray("schemas").add(ScimJson.LIST);
    o.put("totalResults", page.total()).put("startIndex", Math.max(1, start))
        .put("itemsPerPage", page.resources().size());
    ArrayNode r = o.putArray("Resources");
    page.resources().forEach(r::add);
    return o;
  }

  private static int number(RoutingContext ctx, String name, int dflt) {
    String v = param(ctx, name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ScimException.invalidValue(name + " must be a whole number");
    }
  }

  private static String param(RoutingContext ctx, String name) {
    try {
      return ctx.request().getParam(name);
    } catch (IllegalArgumentException e) {
      throw ScimException.invalidValue("the query string is not valid URL encoding");
    }
  }

  private static JsonNode body(Http http, RoutingContext ctx) {
    byte[] bytes = http.rawBody(ctx); // decompressed when sent gzipped
    if (bytes.length == 0) {
      throw ScimException.invalidSyntax("a JSON body is required");
    }
    try {
      return ProtocolCodec.readTree(new String(bytes, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw ScimException.invalidSyntax("the body is not JSON");
    }
  }

  private void auth(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    byte[] given = h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)
        ? h.substring(7).trim().getBytes(StandardCharsets.UTF_8) : null;
    if (token == null || given == null || !MessageDigest.isEqual(token, given)) {
      throw new ScimException(401, null, token == null ? "SCIM provisioning is not configured"
          + " on this server (scimToken)" : "send the provisioning bearer token");
    }
    ctx.next();
  }

  private static String base(RoutingContext ctx) {
    return BASE;
  }

  private void blocking(Http http, RoutingContext ctx, Supplier<JsonNode> work, int status) {
    http.worker(ctx, work::get).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        send(ctx, status, ar.result(), null);
      }
    });
  }

  private static void send(RoutingContext ctx, int status, JsonNode body, String unused) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response().setStatusCode(status);
    if (body == null) {
      ctx.response().end();
      return;
    }
    JsonNode version = body.path("meta").path("version");
    if (version.isTextual()) {
      ctx.response().putHeader("ETag", version.asText());
    }
    if (status == 201 && body.path("meta").has("location")) {
      ctx.response().putHeader("Location", body.path("meta").path("location").asText());
    }
    ctx.response().putHeader("Content-Type", MEDIA)
        .end(Buffer.buffer(ProtocolCodec.encode(body)));
  }

  /** Every failure under {@code /scim/v2} as a SCIM error; never a stack trace. */
  private void failed(RoutingContext ctx) {
    Throwable t = ctx.failure();
    ScimException e;
    if (t instanceof ScimException s) {
      e = s;
    } else if (t instanceof ApiException a) {
      e = new ScimException(a.status(), a.status() == 400 ? "invalidValue" : null,
          a.getMessage());
    } else if (t instanceof ProtocolException p) {
      e = ScimException.invalidSyntax(p.getMessage());
    } else if (t instanceof StoreException s && s.badText()) {
      e = ScimException.invalidValue("the request holds a NUL character");
    } else if (t instanceof StoreException s && s.unavailable()) {
      ctx.response().putHeader("Retry-After", "2");
      e = new ScimException(503, null, "the server cannot reach its database just now; send"
          + " the request again");
    } else if (t == null) {
      int status = ctx.statusCode() <= 0 ? 500 : ctx.statusCode();
      e = new ScimException(status, status == 400 ? "invalidSyntax" : null, switch (status) {
        case 404 -> "no such SCIM endpoint";
        case 405 -> "this SCIM endpoint does not accept " + ctx.request().method();
        case 413 -> "the request body is too large";
        default -> "the request was refused";
      });
    } else {
      LOG.error("SCIM {} {} failed", ctx.request().method(), ctx.request().path(), t);
      e = new ScimException(500, null, "the server could not complete the request");
    }
    error(ctx, e);
  }

  static void error(RoutingContext ctx, ScimException e) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ObjectNode o = ProtocolCodec.mapper().createObjectNode();
    o.putArray("schemas").add(ScimJson.ERROR);
    o.put("status", String.valueOf(e.status()));
    if (e.scimType() != null) {
      o.put("scimType", e.scimType());
    }
    o.put("detail", e.getMessage());
    o.put("code", "scim." + (e.scimType() != null ? e.scimType() : switch (e.status()) {
      case 401 -> "unauthorized";
      case 404 -> "notFound";
      case 405 -> "methodNotAllowed";
      case 409 -> "conflict";
      case 412 -> "versionMismatch";
      case 413 -> "tooLarge";
      case 503 -> "unavailable";
      default -> "status" + e.status();
    }));
    o.put("message", e.getMessage());
    if (e.status() == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"scim\"");
    }
    ctx.response().setStatusCode(e.status()).putHeader("Content-Type", MEDIA)
        .end(Buffer.buffer(ProtocolCodec.encode(o)));
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
