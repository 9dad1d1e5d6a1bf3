package org.fieldsync.server.caserecord;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.audit.AuditChain;
import org.fieldsync.server.audit.AuditEvent;
import org.fieldsync.server.audit.AuditService;
import org.fieldsync.server.auth.DeviceGuard;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Http;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.http.RouteModule;
import org.fieldsync.server.store.HistoryRow;
import org.fieldsync.server.store.RecordRow;
import org.fieldsync.server.store.Store;

/**
 * Attachments beside the records that reference them (a photo of a child's drawing, an audio
 * clip), content-addressed by SHA-256 within a case.
 *
 * <ul>
 *   <li>{@code PUT /api/v1/cases/{caseId}/attachments/{sha256}}: an enrolled device of a worker
 *       holding the case uploads the bytes, before pushing the revision that names them. The
 *       digest must match. Idempotent.
 *   <li>{@code GET /api/v1/records/{id}/attachments/{sha256}}: whoever may read the record gets
 *       the bytes of an attachment one of its revisions names.
 * </ul>
 */
public final class AttachmentRoutes implements RouteModule {
  /** Media types an attachment may have. */
  public static final Set<String> MEDIA_TYPES = Set.of("image/jpeg", "image/png", "image/webp",
      "audio/mpeg", "audio/mp4", "audio/ogg", "audio/wav", "application/pdf");
  static final String CODE_DIGEST_MISMATCH = "attachment.digestMismatch";
  static final String CODE_NOT_FOUND = "attachment.notFound";
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{64}");

  private final Store store;
  private final DeviceGuard guard;
  private final AuditService audit;

  /**
   * The attachment routes.
   *
   * @param store attachments and the records naming them
   * @param guard admits uploads from enrolled, active devices only
   * @param audit records admins' reads
   */
  public AttachmentRoutes(Store store, DeviceGuard guard, AuditService audit) {
    this.store = store;
    this.guard = guard;
    this.audit = audit;
  }

  @Override
  public void mount(Router router, Http http) {
    router.put(Http.PREFIX + "/cases/:caseId/attachments/:sha256")
        .handler(http.rawBodies(MEDIA_TYPES)).handler(http.auth())
        .handler(ctx -> upload(ctx, http));
    router.get(Http.PREFIX + "/records/:id/attachments/:sha256").handler(http.auth())
        .handler(ctx -> download(ctx, http));
  }

  /** SHA-256 of bytes, lower-case hex. */
  public static String sha256(byte[] bytes) {
    return Digests.sha256Hex(bytes);
  }

  private static String digestParam(RoutingContext ctx) {
    String sha = ctx.pathParam("sha256");
    if (sha == null || !SHA.matcher(sha).matches()) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID,
          "the attachment is named by the lower-case hex SHA-256 of its bytes");
    }
    return sha;
  }

  private void upload(RoutingContext ctx, Http http) {
    // A partner's own entries (a child's drawing in their child-voice observation) may name one.
    http.requireRole(ctx, Principal.FAMILY_WORKER, Principal.SOCIAL_WORKER,
        Principal.TEAM_MANAGER, Principal.PARTNER_PRACTITIONER);
    Principal who = http.principal(ctx);
    String did = guard.requireActive(who);
    String caseId = ctx.pathParam("caseId");
    if (caseId == null || caseId.isBlank() || caseId.length() > 128) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "the case id is invalid");
    }
    String sha = digestParam(ctx);
    byte[] content = http.rawBody(ctx);
    if (content.length == 0) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_MALFORMED,
          "the attachment's bytes are required");
    }
    String media = http.mediaType(ctx);
    http.blocking(ctx, () -> {
      if (!sha.equals(sha256(content))) {
        throw new ApiException(400, CODE_DIGEST_MISMATCH, "the bytes do not have the SHA-256"
            + " the request names; nothing was stored");
      }
      long now = http.now();
      boolean stored = store.write(tx -> {
        if (!tx.directory().caseInScope(who.scope(), caseId)) {
          throw new ApiException(403, ErrorCodes.SCOPE_CASE_NOT_ALLOCATED,
              "case " + caseId + " is not allocated to you");
        }
        boolean added = tx.attachments().add(caseId, sha, media, content, who.userId(), did, now);
        if (added) {
          AuditChain.append(tx, List.of(AuditEvent.by(who, did, "attachment.upload", sha, "caseId",
              caseId, "size", content.length, "mediaType", media)), now);
        }
        return added;
      });
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("caseId", caseId);
      m.put("sha256", sha);
      m.put("size", content.length);
      m.put("stored", stored);
      return m;
    }, 200);
  }

  private void download(RoutingContext ctx, Http http) {
    Principal who = http.principal(ctx);
    String id = ctx.pathParam("id");
    if (id == null || id.isBlank() || id.length() > 128) {
      throw new ApiException(400, ErrorCodes.REQUEST_PARAM_INVALID, "the record id is invalid");
    }
    String sha = digestParam(ctx);
    http.<Object[]>worker(ctx, () -> store.read(tx -> {
      RecordRow rec = tx.revisions().current(id).orElse(null);
      boolean allowed = rec != null && rec.caseId() != null
          && (tx.directory().recordInScope(who.scope(), id, rec.caseId())
              || who.has(Principal.SYNC_ADMIN) && tx.conflicts().had(id))
          && tx.restrictions().visibleTo(id, who.userId());
      if (!allowed) {
        throw new ApiException(404, ErrorCodes.RECORD_NOT_FOUND,
            "no record " + id + " that you may see");
      }
      boolean named = false;
      for (HistoryRow h : tx.revisions().history(id)) {
        for (var a : ProtocolCodec.readTree(h.revision().body()).path("attachments")) {
          named |= sha.equals(a.path("sha256").asText(""));
        }
      }
      Object[] found = named ? tx.attachments().get(rec.caseId(), sha).orElse(null) : null;
      if (found == null) {
        throw new ApiException(404, CODE_NOT_FOUND, "this record has no such attachment");
      }
      if (who.has(Principal.SYNC_ADMIN) && !tx.directory().caseInScope(who.scope(), rec.caseId())) {
        audit.record(AuditEvent.by(who, null, "admin.read.attachment", id,
            "sha256", sha));
      }
      return found;
    })).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      ctx.response().setStatusCode(200)
          .putHeader("Content-Type", (String) ar.result()[0])
          .putHeader("Content-Disposition", "attachment")
          .putHeader("X-Content-Type-Options", "nosniff")
          .putHeader("Cache-Control", "no-store")
          .end(Buffer.buffer((byte[]) ar.result()[1]));
    });
  }
}
