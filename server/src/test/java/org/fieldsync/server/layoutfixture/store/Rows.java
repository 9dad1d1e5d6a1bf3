package org.fieldsync.server.layoutfixture.store;

import org.fieldsync.server.layoutfixture.sync.Feature;

/** Breaks the layout on purpose, for {@code ServerLayoutRulesTest}: the store knows a feature. */
public final class Rows {
  private Rows() {}

  public static String feature() {
    return Feature.base();
  }
}
