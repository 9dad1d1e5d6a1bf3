package org.fieldsync.server.store;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the PostgreSQL driver's own logging (java.util.logging) at INFO or above: at FINE and
 * below it prints statements with their parameters, and the parameters are record text, which
 * is never logged. The logger is held here, since one nobody references can be collected and
 * forget its level.
 */
final class DriverLogging {
  private static final Logger DRIVER = Logger.getLogger("org.postgresql");

  private DriverLogging() {}

  /** Caps the driver's logging at INFO, whatever the root level is. */
  static void cap() {
    DRIVER.setLevel(Level.INFO);
  }
}
