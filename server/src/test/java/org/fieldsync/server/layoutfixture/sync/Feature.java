package org.fieldsync.server.layoutfixture.sync;

import org.fieldsync.server.layoutfixture.http.Base;

/** A feature that uses the base, as features should; with {@code Base} it closes a circle. */
public final class Feature {
  private Feature() {}

  public static String base() {
    return Base.name();
  }
}
