package org.fieldsync.protocol;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The format of a device id: 3 to 64 characters of lower-case letters, digits and hyphens,
 * starting and ending with a letter or digit (a UUIDv7, as the SDK mints, fits). The ids the
 * server uses for its own revisions and sessions are reserved, so no tablet can take them: a device
 * enrolled as {@code server} or {@code admin-console} would otherwise pass for the server or lock
 * every console sign-in out.
 */
public final class DeviceIds {
  /** The device id of revisions the server writes itself: merges, resolutions, decisions. */
  public static final String SERVER = "server";

  private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}[a-z0-9]");
  private static final Set<String> RESERVED = Set.of(SERVER, "admin-console", "console",
      "fieldsync", "system", "unknown", "none", "null");

  private DeviceIds() {}

  /** Whether {@code id} may name an enrolled device. */
  public static boolean isValid(String id) {
    return id != null && FORMAT.matcher(id).matches() && !RESERVED.contains(id);
  }

  /** Whether {@code id} may stand in a revision's {@code deviceId}: a device's, or the server's. */
  public static boolean isRevisionDevice(String id) {
    return isValid(id) || SERVER.equals(id);
  }

  /** What a valid id looks like, for error messages. */
  public static String describe() {
    return "3 to 64 lower-case letters, digits and hyphens, starting and ending with a letter"
        + " or digit (a UUID fits), and not a reserved name such as 'server'";
  }
}
