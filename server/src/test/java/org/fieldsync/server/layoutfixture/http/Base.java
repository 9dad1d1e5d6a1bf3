package org.fieldsync.server.layoutfixture.http;

import org.fieldsync.server.layoutfixture.sync.Feature;

/** Breaks the layout on purpose, for {@code ServerLayoutRulesTest}: the base knows a feature. */
public final class Base {
  private Base() {}

  public static String name() {
    return Feature.class.getSimpleName();
  }
}
