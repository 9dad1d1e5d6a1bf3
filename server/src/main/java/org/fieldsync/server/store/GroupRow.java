package org.fieldsync.server.store;

import java.util.List;

/**
 * A SCIM group with its members' user ids.
 *
 * @param id stable id
 * @param displayName unique name
 * @param externalId the identity provider's id, nullable
 * @param members user ids, sorted
 * @param version one more on every change
 * @param createdAt epoch ms
 * @param updatedAt epoch ms
 */
public record GroupRow(String id, String displayName, String externalId, List<String> members,
    long version, long createdAt, long updatedAt) {
  public GroupRow {
    members = members == null ? List.of() : List.copyOf(members);
  }
}
