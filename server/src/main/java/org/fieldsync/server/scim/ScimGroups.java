package org.fieldsync.server.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.store.GroupRow;

/**
 * SCIM groups (RFC 7643 section 4.2): a name and members. Groups are kept as the identity
 * provider sends them; access comes from each user's role and team in the enterprise extension,
 * never from a group, so a group change cannot widen anyone's access by surprise.
 */
final class ScimGroups {
  static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:Group";
  private static final Pattern MEMBER = Pattern.compile(
      "members\\[\\s*value\\s+eq\\s+\"([^\"]*)\"\\s*\\]", Pattern.CASE_INSENSITIVE);

  private ScimGroups() {}

  static GroupRow fromJson(JsonNode j, String id, long version, long created, long now) {
    if (j == null || !j.isObject()) {
      throw ScimException.invalidSyntax("the body must be a JSON object (a SCIM Group)");
    }
    for (JsonNode s : j.path("schemas")) {
      if (!CORE.equals(s.asText())) {
        throw ScimException.invalidValue("unknown schema " + s.asText() + "; groups have "
            + CORE);
      }
    }
    JsonNode name = j.get("displayName");
    if (name == null || !name.isTextual() || name.asText().isBlank()
        || name.asText().length() > 200) {
      throw ScimException.invalidValue("displayName is required, at most 200 characters");
    }
    JsonNode ext = j.get("externalId");
    return new GroupRow(id, name.asText().strip(), ext == null || ext.isNull() ? null
        : ext.asText(), members(j.get("members")), version, created, now);
  }

  private static List<String> members(JsonNode m) {
    TreeSet<String> out = new TreeSet<>();
    if (m == null || m.isNull()) {
      return List.of();
    }
    if (!m.isArray()) {
      throw ScimException.invalidSyntax("members must be an array of {\"value\": userId}");
    }
    for (JsonNode e : m) {
      JsonNode v = e.get("value");
      if (v == null || !v.isTextual() || v.asText().isBlank()) {
        throw ScimException.invalidValue("each member needs a value (a user id)");
      }
      out.add(v.asText());
    }
    return new ArrayList<>(out);
  }

  static ObjectNode toJson(GroupRow g, String base) {
    ObjectNode o = ProtocolCodec.mapper().createObjectNode();
    o.putArray("schemas").add(CORE);
    o.put("id", g.id());
    if (g.externalId() != null) {
      o.put("externalId", g.externalId());
    }
    o.put("displayName", g.displayName());
    ArrayNode members = o.putArray("members");
    for (String m : g.members()) {
      members.addObject().put("value", m).put("$ref", base + "/Users/" + m)
          .put("type", "User");
    }
    ScimJson.meta(o, "Group", g.createdAt(), g.updatedAt(), g.version(),
        base + "/Groups/" + g.id());
    return o;
  }

  /** Applies a PatchOp to a group's JSON (then checked as a PUT body is). */
  static ObjectNode patch(ObjectNode group, JsonNode body) {
    ObjectNode g = group.deepCopy();
    g.remove("meta");
    ArrayNode members = g.has("members") && g.get("members").isArray()
        ? (ArrayNode) g.get("members") : g.putArray("members");
    for (JsonNode op : ScimJson.operations(body)) {
      String kind = ScimJson.op(op);
      String path = op.hasNonNull("path") ? op.get("path").asText() : null;
      JsonNode value = op.get("value");
      if (path == null) {
        if (kind.equals("remove") || value == null || !value.isObject()) {
          throw new ScimException(400, "noTarget", "an operation without a path must add or"
              + " replace with an object value");
        }
        value.fields().forEachRemaining(f -> {
          if (f.getKey().equals("members") && kind.equals("add")) {
            addMembers(members, f.getValue());
          } else {
            g.set(f.getKey(), f.getValue());
          }
        });
        continue;
      }
      Matcher one = MEMBER.matcher(path);
      if (one.matches() && kind.equals("remove")) {
        removeMember(members, one.group(1));
      } else if (path.equalsIgnoreCase("members")) {
        switch (kind) {
          case "add" -> addMembers(members, value);
          case "replace" -> {
            members.removeAll();
            addMembers(members, value);
          }
          default -> {
            if (value == null) {
              members.removeAll();
            } else {
              for (JsonNode v : value.isArray() ? value
                  : ProtocolCodec.mapper().createArrayNode().add(value)) {
                removeMember(members, v.path("value").asText());
              }
            }
          }
        }
      } else if (path.equalsIgnoreCase("displayName") || path.equalsIgnoreCase("externalId")) {
        String name = path.equalsIgnoreCase("displayName") ? "displayName" : "externalId";
        if (kind.equals("remove")) {
          g.remove(name);
        } else {
          g.set(name, value);
        }
      } else {
        throw new ScimException(400, "invalidPath", "path " + path + " is not supported on a"
            + " group; use displayName, externalId, members or members[value eq \"id\"]");
      }
    }
    return g;
  }

  private static void addMembers(ArrayNode members, JsonNode value) {
    if (value == null) {
      throw ScimException.invalidSyntax("members needs a value");
    }
    for (JsonNode v : value.isArray() ? value
        : ProtocolCodec.mapper().createArrayNode().add(value)) {
      members.add(v);
    }
  }

  private static void removeMember(ArrayNode members, String id) {
    for (int i = members.size() - 1; i >= 0; i--) {
      if (id.equals(members.get(i).path("value").asText())) {
        members.remove(i);
      }
    }
  }
}
