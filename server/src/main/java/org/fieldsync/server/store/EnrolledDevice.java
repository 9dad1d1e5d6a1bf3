package org.fieldsync.server.store;

/**
 * A device enrolled to sync.
 *
 * @param deviceId device id
 * @param userId the user it is enrolled for
 * @param publicKey raw Ed25519 public key, base64url
 * @param name a name to show admins
 * @param appVersion app version at enrolment
 * @param enrolledBy the sync admin who issued the code
 * @param enrolledAt when (epoch ms)
 * @param status {@code active} or {@code revoked}
 * @param quarantine whether a revoked device may still hand over unpushed work
 */
public record EnrolledDevice(String deviceId, String userId, String publicKey, String name,
    String appVersion, String enrolledBy, long enrolledAt, String status, boolean quarantine) {

  public boolean active() {
    return "active".equals(status);
  }
}
