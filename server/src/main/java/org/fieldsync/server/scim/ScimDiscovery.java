package org.fieldsync.server.scim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.fieldsync.protocol.ProtocolCodec;

/**
 * What the service provider says about itself (RFC 7644 section 4): its configuration, the
 * schemas it holds (with FieldSync's extension described attribute by attribute) and its
 * resource types. Identity providers read these to build their attribute mappings.
 */
final class ScimDiscovery {
  private ScimDiscovery() {}

  static ObjectNode serviceProviderConfig(String base) {
    ObjectNode o = ProtocolCodec.mapper().createObjectNode();
    o.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
    o.put("documentationUri", "docs/integration.md");
    o.putObject("patch").put("supported", true);
    o.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
    o.putObject("filter").put("supported", true).put("maxResults", ScimRoutes.MAX_COUNT);
    o.putObject("changePassword").put("supported", false);
    o.putObject("sort").put("supported", false);
    o.putObject("etag").put("supported", true);
    ArrayNode auth = o.putArray("authenticationSchemes");
    auth.addObject().put("type", "oauthbearertoken").put("name", "Bearer token")
        .put("description", "the provisioning token configured as scimToken").put("primary",
            true);
    o.putObject("meta").put("resourceType", "ServiceProviderConfig")
        .put("location", base + "/ServiceProviderConfig");
    return o;
  }

  static ObjectNode resourceTypes(String base) {
    ObjectNode list = list(2);
    ArrayNode r = (ArrayNode) list.get("Resources");
    ObjectNode user = r.addObject();
    user.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
    user.put("id", "User").put("name", "User").put("endpoint", "/Users")
        .put("schema", ScimUsers.CORE);
    user.putArray("schemaExtensions").addObject().put("schema", ScimUsers.EXT)
        .put("required", false);
    user.putObject("meta").put("resourceType", "ResourceType")
        .put("location", base + "/ResourceTypes/User");
    ObjectNode group = r.addObject();
    group.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ResourceType");
    group.put("id", "Group").put("name", "Group").put("endpoint", "/Groups")
        .put("schema", ScimGroups.CORE);
    group.putObject("meta").put("resourceType", "ResourceType")
        .put("location", base + "/ResourceTypes/Group");
    return list;
  }

  static ObjectNode schemas(String base) {
    ObjectNode list = list(3);
    ArrayNode r = (ArrayNode) list.get("Resources");
    ObjectNode user = schema(r, ScimUsers.CORE, "User", "User Account", base);
    ArrayNode ua = user.putArray("attributes");
    attribute(ua, "userName", "string", true, "unique sign-in name", "server");
    attribute(ua, "displayName", "string", false, "name to show", "none");
    attribute(ua, "name", "complex", false, "formatted, givenName, familyName", "none");
    attribute(ua, "emails", "complex", false, "work e-mail (value, primary)", "none");
    attribute(ua, "active", "boolean", false, "false ends sign-in, sessions and sync at once",
        "none");
    attribute(ua, "externalId", "string", false, "the identity provider's id", "none");
    ObjectNode ext = schema(r, ScimUsers.EXT, "FieldSync User",
        "FieldSync's role, team, grade and approval limit", base);
    ArrayNode xa = ext.putArray("attributes");
    attribute(xa, "role", "string", false, "one of family_worker, social_worker, team_manager,"
        + " engagement_officer, sync_admin, auditor", "none");
    attribute(xa, "roles", "string", false, "several roles (multi-valued)", "none");
    attribute(xa, "team", "string", false, "team id, as in the case file", "none");
    attribute(xa, "grade", "string", false, "job grade", "none");
    attribute(xa, "approvalLimitPence", "integer", false, "most an FNSP approval may be, in"
        + " pence; 0 approves none", "none");
    attribute(xa, "locality", "string", false, "locality worked in", "none");
    attribute(xa, "agency", "string", false, "the worker's agency (default council)", "none");
    ObjectNode group = schema(r, ScimGroups.CORE, "Group", "Group", base);
    ArrayNode ga = group.putArray("attributes");
    attribute(ga, "displayName", "string", true, "unique group name", "server");
    attribute(ga, "members", "complex", false, "members' user ids (value)", "none");
    return list;
  }

  private static ObjectNode schema(ArrayNode r, String id, String name, String description,
      String base) {
    ObjectNode s = r.addObject();
    s.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:Schema");
    s.put("id", id).put("name", name).put("description", description);
    s.putObject("meta").put("resourceType", "Schema").put("location", base + "/Schemas/" + id);
    return s;
  }

  private static void attribute(ArrayNode a, String name, String type, boolean required,
      String description, String uniqueness) {
    a.addObject().put("name", name).put("type", type).put("multiValued",
        type.equals("complex") && !name.equals("name") || name.equals("roles"))
        .put("required", required).put("description", description)
        .put("mutability", "readWrite").put("returned", "default")
        .put("uniqueness", uniqueness).put("caseExact", false);
  }

  private static ObjectNode list(int n) {
    ObjectNode o = ProtocolCodec.mapper().createObjectNode();
    o.putArray("schemas").add(ScimJson.LIST);
    o.put("totalResults", n).put("startIndex", 1).put("itemsPerPage", n);
    o.putArray("Resources");
    return o;
  }
}
