package org.fieldsync.server.auth;

import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.server.http.ApiException;
import org.fieldsync.server.http.Principal;
import org.fieldsync.server.store.EnrolledDevice;

/**
 * The one check that a request comes from an enrolled device, for the routes only a tablet uses
 * (sync, attachment upload, lease, sign-in from a tablet). A revoked or lost device is told so,
 * with {@code device.revoked} or {@code device.lost}: its signal to wipe itself. Reads the
 * in-memory {@link DeviceRegistry}, so it may run on the event loop.
 */
public final class DeviceGuard {
  private final DeviceRegistry devices;

  public DeviceGuard(DeviceRegistry devices) {
    this.devices = devices;
  }

  /** The caller's enrolled device, active or not; refused when the session has none. */
  public EnrolledDevice enrolled(Principal who) {
    return devices.get(who.deviceId()).orElseThrow(DeviceGuard::notEnrolled);
  }

  /** The refusal for a session without an enrolled device. */
  public static ApiException notEnrolled() {
    return new ApiException(403, ErrorCodes.DEVICE_NOT_ENROLLED, "this session has no enrolled"
        + " device: enrol the device with a code from a sync admin, then sign in from it");
  }

  /** The id of the caller's enrolled, active device; refused otherwise. */
  public String requireActive(Principal who) {
    EnrolledDevice d = enrolled(who);
    if (!d.active()) {
      throw inactive(d);
    }
    return d.deviceId();
  }

  /** The refusal for a device that is no longer active: it was revoked or reported lost. */
  public static ApiException inactive(EnrolledDevice d) {
    boolean lost = "lost".equals(d.status());
    return new ApiException(403, lost ? ErrorCodes.DEVICE_LOST : ErrorCodes.DEVICE_REVOKED,
        lost ? "this device was reported lost; it must wipe its data"
            : "this device has been revoked; it must wipe its data");
  }
}
