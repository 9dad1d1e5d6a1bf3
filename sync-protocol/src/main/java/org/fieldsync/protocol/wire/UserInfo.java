package org.fieldsync.protocol.wire;

import java.util.List;

/**
 * Who a user is, as the server tells a client after login.
 *
 * @param id stable user id
 * @param username login name
 * @param displayName name to show
 * @param roles role names, e.g. {@code family_worker}
 * @param teamId the user's team, may be null
 */
public record UserInfo(
    String id, String username, String displayName, List<String> roles, String teamId) {
  public UserInfo {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }
}
