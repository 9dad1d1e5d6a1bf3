package org.fieldsync.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON form that revision ids hash: object keys sorted by UTF-16 code units, no
 * insignificant white space, JSON nulls dropped from objects, numbers as Jackson writes them.
 *
 * <p>Dropping nulls means "field absent" and "field null" hash the same, so an older client that
 * does not know a new optional field produces the same rev as a newer one that sends it as null.
 * Bodies should carry integers (amounts are pence), never floats, so number formatting is stable
 * across platforms.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /** The canonical text of a JSON tree. */
  public static String canonicalize(JsonNode node) {
    try {
      return ProtocolCodec.mapper().writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new ProtocolException(ErrorCodes.REQUEST_BODY_INVALID, "body cannot be written", e);
    }
  }

  /** The canonical text of JSON text. */
  public static String canonicalize(String json) {
    return canonicalize(ProtocolCodec.readTree(json));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
      fields.sort(Map.Entry.comparingByKey());
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (var e : fields) {
        if (!e.getValue().isNull()) {
          out.set(e.getKey(), sorted(e.getValue()));
        }
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode child : node) {
        out.add(sorted(child));
      }
      return out;
    }
    return node;
  }
}
