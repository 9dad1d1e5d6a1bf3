package org.fieldsync.server.store;

import java.util.List;

/**
 * A user as SCIM provisions it: the directory's user with what the identity provider owns.
 *
 * @param id our stable id (SCIM's {@code id})
 * @param userName the sign-in name
 * @param externalId the identity provider's id, nullable
 * @param displayName the name to show
 * @param email work e-mail, nullable
 * @param active whether they may sign in and sync
 * @param roles role names
 * @param teamId team, nullable
 * @param grade job grade, nullable
 * @param approvalLimitPence FNSP approval limit in pence
 * @param locality locality, nullable
 * @param agency agency
 * @param version one more on every change (SCIM's ETag)
 * @param createdAt epoch ms
 * @param updatedAt epoch ms
 */
public record PersonRow(String id, String userName, String externalId, String displayName,
    String email, boolean active, List<String> roles, String teamId, String grade,
    long approvalLimitPence, String locality, String agency, long version, long createdAt,
    long updatedAt) {
  public PersonRow {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }
}
