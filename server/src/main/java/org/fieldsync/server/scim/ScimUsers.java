package org.fieldsync.server.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.store.PersonRow;
import java.util.TreeSet;

/**
 * SCIM users to and from the directory's people: the core User schema (RFC 7643 section 4.1)
 * and FieldSync's enterprise extension ({@value #EXT}: role, team, grade, approval limit,
 * locality, agency). Unknown core attributes are ignored, as identity providers send many; an
 * unknown attribute inside our own extension is refused, because there it is a mapping mistake
 * that would otherwise go unnoticed. A PATCH is applied to the resource's JSON and the result
 * is checked exactly as a PUT is, so the two can never disagree about what is valid.
 */
final class ScimUsers {
  static final String CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
  static final String EXT = "urn:fieldsync:params:scim:schemas:extension:2.0:User";
  static final Set<String> ROLES = Set.of(Principal.FAMILY_WORKER, Principal.SOCIAL_WORKER,
      Principal.TEAM_MANAGER, Principal.ENGAGEMENT_OFFICER, Principal.SYNC_ADMIN,
      Principal.AUDITOR);
  private static final Set<String> EXT_ATTRIBUTES = Set.of("role", "roles", "team", "grade",
      "approvalLimitPence", "locality", "agency");
  private static final Set<String> PATCHABLE = Set.of("active", "username", "displayname",
      "externalid", "name", "emails");
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@+-]{1,200}");
  private static final String DEFAULT_AGENCY = "council";

  private ScimUsers() {}

  /** The person a POST or PUT body describes; {@code id}, version and times from the caller. */
  static PersonRow fromJson(JsonNode j, String id, long version, long createdAt, long now) {
    if (j == null || !j.isObject()) {
      throw ScimException.invalidSyntax("the body must be a JSON object (a SCIM User)");
    }
    checkSchemas(j.path("schemas"));
    if (j.has("password")) {
      throw new ScimException(400, "mutability", "passwords are not provisioned: each user sets"
          + " their own with a one-time activation code");
    }
    String userName = text(j, "userName");
    if (userName == null || !USER_NAME.matcher(userName).matches()) {
      throw ScimException.invalidValue("userName is required: 1 to 200 letters, digits or . _"
          + " @ + -");
    }
    String display = text(j, "displayName");
    if (display == null) {
      display = text(j.path("name"), "formatted");
    }
    if (display == null && j.path("name").isObject()) {
      String given = text(j.path("name"), "givenName");
      String family = text(j.path("name"), "familyName");
      display = given == null && family == null ? null
          : ((given == null ? "" : given) + " " + (family == null ? "" : family)).strip();
    }
    if (display == null || display.isBlank()) {
      display = userName;
    }
    String email = null;
    JsonNode emails = j.path("emails");
    if (!emails.isMissingNode() && !emails.isNull()) {
      if (!emails.isArray()) {
        throw ScimException.invalidSyntax("emails must be an array of {\"value\": ...}");
      }
      for (JsonNode e : emails) {
        if (email == null || e.path("primary").asBoolean(false)) {
          email = text(e, "value");
        }
      }
    }
    boolean active = bool(j.get("active"), true, "active");
    JsonNode x = j.path(EXT);
    if (!x.isMissingNode() && !x.isNull() && !x.isObject()) {
      throw ScimException.invalidSyntax(EXT + " must be an object");
    }
    for (Iterator<String> it = x.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!EXT_ATTRIBUTES.contains(f)) {
        throw ScimException.invalidSyntax("unknown attribute " + f + " in " + EXT
            + "; it knows " + new TreeSet<>(EXT_ATTRIBUTES));
      }
    }
    Set<String> roles = new LinkedHashSet<>();
    if (text(x, "role") != null) {
      roles.add(text(x, "role"));
    }
    if (x.has("roles") && !x.get("roles").isNull()) {
      if (!x.get("roles").isArray()) {
        throw ScimException.invalidSyntax("roles must be an array of role names");
      }
      x.get("roles").forEach(r -> roles.add(r.asText()));
    }
    for (String r : roles) {
      if (!ROLES.contains(r)) {
        throw ScimException.invalidValue("unknown role " + r + "; roles are "
            + new TreeSet<>(ROLES));
      }
    }
    long limit = 0;
    JsonNode l = x.get("approvalLimitPence");
    if (l != null && !l.isNull()) {
      if (!l.canConvertToLong() || !l.isIntegralNumber() || l.asLong() < 0) {
        throw ScimException.invalidValue("approvalLimitPence must be a whole number of pence,"
            + " 0 or more");
      }
      limit = l.asLong();
    }
    String agency = text(x, "agency");
    return new PersonRow(id, userName, limited(text(j, "externalId"), "externalId"),
        limited(display, "displayName"), limited(email, "emails"), active, List.copyOf(roles),
        limited(text(x, "team"), "team"), limited(text(x, "grade"), "grade"), limit,
        limited(text(x, "locality"), "locality"), agency == null ? DEFAULT_AGENCY
            : limited(agency, "agency"), version, createdAt, now);
  }

  private static void checkSchemas(JsonNode schemas) {
    if (schemas.isMissingNode() || schemas.isNull()) {
      return;
    }
    if (!schemas.isArray()) {
      throw ScimException.invalidSyntax("schemas must be an array of schema URNs");
    }
    for (JsonNode s : schemas) {
      if (!CORE.equals(s.asText()) && !EXT.equals(s.asText())) {
        throw ScimException.invalidValue("unknown schema " + s.asText() + "; users have "
            + CORE + " and " + EXT);
      }
    }
  }

  /** The SCIM User for a person. */
  static ObjectNode toJson(PersonRow p, String base) {
    ObjectNode o = ProtocolCodec.mapper().createObjectNode();
    o.putArray("schemas").add(CORE).add(EXT);
    o.put("id", p.id());
    if (p.externalId() != null) {
      o.put("externalId", p.externalId());
    }
    o.put("userName", p.userName());
    o.putObject("name").put("formatted", p.displayName());
    o.put("displayName", p.displayName());
    if (p.email() != null) {
      o.putArray("emails").addObject().put("value", p.email()).put("type", "work")
          .put("primary", true);
    }
    o.put("active", p.active());
    ObjectNode x = o.putObject(EXT);
    List<String> roles = p.roles().stream().filter(r -> !r.isBlank()).toList();
    if (!roles.isEmpty()) {
      x.put("role", roles.get(0));
    }
    ArrayNode rs = x.putArray("roles");
    roles.forEach(rs::add);
    putIf(x, "team", p.teamId());
    putIf(x, "grade", p.grade());
    x.put("approvalLimitPence", p.approvalLimitPence());
    putIf(x, "locality", p.locality());
    putIf(x, "agency", p.agency());
    ScimJson.meta(o, "User", p.createdAt(), p.updatedAt(), p.version(),
        base + "/Users/" + p.id());
    return o;
  }

  /** Applies a PatchOp's operations to a User's JSON (then checked as a PUT body is). */
  static ObjectNode patch(ObjectNode user, JsonNode ops) {
    ObjectNode u = user.deepCopy();
    u.remove("meta");
    for (JsonNode op : ScimJson.operations(ops)) {
      String kind = ScimJson.op(op);
      String path = op.hasNonNull("path") ? op.get("path").asText() : null;
      JsonNode value = op.get("value");
      if (path == null) {
        if (kind.equals("remove")) {
          throw new ScimException(400, "noTarget", "remove needs a path");
        }
        if (value == null || !value.isObject()) {
          throw ScimException.invalidSyntax("an operation without a path needs an object value");
        }
        for (Map.Entry<String, JsonNode> f : iterable(value)) {
          set(u, f.getKey(), f.getValue(), false);
        }
      } else if (kind.equals("remove")) {
        set(u, path, null, true);
      } else {
        if (value == null) {
          throw ScimException.invalidSyntax(kind + " " + path + " needs a value");
        }
        set(u, path, value, false);
      }
    }
    return u;
  }

  private static void set(ObjectNode u, String path, JsonNode value, boolean remove) {
    ObjectNode x = u.has(EXT) && u.get(EXT).isObject() ? (ObjectNode) u.get(EXT)
        : u.putObject(EXT);
    if (path.equals(EXT)) {
      if (remove || !value.isObject()) {
        throw ScimException.invalidValue(EXT + " can only be merged with an object");
      }
      value.fields().forEachRemaining(f -> x.set(f.getKey(), f.getValue()));
      return;
    }
    if (path.startsWith(EXT + ":")) {
      String attr = path.substring(EXT.length() + 1);
      if (!EXT_ATTRIBUTES.contains(attr)) {
        throw new ScimException(400, "invalidPath", "unknown attribute " + attr + " in " + EXT);
      }
      if (remove) {
        x.remove(attr);
      } else {
        x.set(attr, value);
      }
      return;
    }
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.startsWith("emails")) {
      // Entra ID sends emails[type eq "work"].value; there is one work address.
      if (remove) {
        u.remove("emails");
      } else {
        JsonNode v = value.isArray() ? value
            : ProtocolCodec.mapper().createArrayNode().add(value.isObject() ? value
                : ProtocolCodec.mapper().createObjectNode().put("value", value.asText()));
        u.set("emails", v);
      }
      return;
    }
    if (lower.startsWith("name.")) {
      ObjectNode n = u.has("name") && u.get("name").isObject() ? (ObjectNode) u.get("name")
          : u.putObject("name");
      String attr = path.substring(5);
      if (remove) {
        n.remove(attr);
      } else {
        n.set(attr, value);
      }
      if (attr.equals("formatted")) {
        u.remove("displayName");
      }
      return;
    }
    if (!PATCHABLE.contains(lower)) {
      throw new ScimException(400, "invalidPath", "attribute " + path + " cannot be patched"
          + " here; patchable: active, userName, displayName, externalId, name, emails and "
          + EXT + ":<attribute>");
    }
    String name = switch (lower) {
      case "username" -> "userName";
      case "displayname" -> "displayName";
      case "externalid" -> "externalId";
      default -> lower;
    };
    if (remove) {
      u.remove(name);
    } else if (name.equals("name") && value.isObject()) {
      u.set("name", value);
      u.remove("displayName");
    } else {
      u.set(name, value);
    }
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode o) {
    List<Map.Entry<String, JsonNode>> l = new ArrayList<>();
    o.fields().forEachRemaining(l::add);
    return l;
  }

  static boolean bool(JsonNode v, boolean dflt, String name) {
    if (v == null || v.isNull()) {
      return dflt;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    // Entra ID sends "True" and "False" as strings in PATCH.
    if (v.isTextual() && (v.asText().equalsIgnoreCase("true")
        || v.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(v.asText().toLowerCase(Locale.ROOT));
    }
    throw ScimException.invalidValue(name + " must be true or false");
  }

  private static String text(JsonNode j, String field) {
    JsonNode v = j == null ? null : j.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isValueNode()) {
      throw ScimException.invalidSyntax(field + " must be a string");
    }
    String s = v.asText().strip();
    return s.isEmpty() ? null : s;
  }

  private static String limited(String s, String name) {
    if (s != null && s.length() > 200) {
      throw ScimException.invalidValue(name + " is longer than 200 characters");
    }
    return s;
  }

  private static void putIf(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
