package org.fieldsync.server.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** SCIM message pieces shared by users and groups: meta, versions, PatchOp, list responses. */
final class ScimJson {
  static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
  static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

  private ScimJson() {}

  /** The weak ETag of a version: {@code W/"3"}. */
  static String etag(long version) {
    return "W/\"" + version + "\"";
  }

  static void meta(ObjectNode o, String type, long created, long modified, long version,
      String location) {
    o.putObject("meta").put("resourceType", type)
        .put("created", Instant.ofEpochMilli(created).toString())
        .put("lastModified", Instant.ofEpochMilli(modified).toString())
        .put("version", etag(version))
        .put("location", location);
  }

  /** The operations of a PatchOp body, checked for shape. */
  static List<JsonNode> operations(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw ScimException.invalidSyntax("the body must be a PatchOp object");
    }
    JsonNode schemas = body.path("schemas");
    boolean patchOp = false;
    for (JsonNode s : schemas) {
      patchOp |= PATCH_OP.equals(s.asText());
    }
    if (!patchOp) {
      throw ScimException.invalidSyntax("schemas must name " + PATCH_OP);
    }
    JsonNode ops = body.path("Operations");
    if (!ops.isArray() || ops.isEmpty()) {
      throw ScimException.invalidSyntax("Operations must be a non-empty array");
    }
    if (ops.size() > 1000) {
      throw new ScimException(413, "tooMany", "at most 1000 operations in one PATCH");
    }
    List<JsonNode> out = new ArrayList<>();
    ops.forEach(op -> {
      if (!op.isObject()) {
        throw ScimException.invalidSyntax("each operation must be an object");
      }
      out.add(op);
    });
    return out;
  }

  /** An operation's op, lower case: add, replace or remove. */
  static String op(JsonNode op) {
    String kind = op.path("op").asText("").toLowerCase(Locale.ROOT);
    if (!kind.equals("add") && !kind.equals("replace") && !kind.equals("remove")) {
      throw ScimException.invalidSyntax("op must be add, replace or remove, not '"
          + op.path("op").asText("") + "'");
    }
    return kind;
  }
}
