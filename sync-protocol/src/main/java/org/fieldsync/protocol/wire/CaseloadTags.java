package org.fieldsync.protocol.wire;

import org.fieldsync.protocol.ProtocolCodec;

/** The tag ({@link Caseload#tag}) of a caseload answer kept as JSON. */
public final class CaseloadTags {
  private CaseloadTags() {}

  /** The tag of the caseload answer {@code caseloadJson}. */
  public static String of(String caseloadJson) {
    return ProtocolCodec.decode(caseloadJson, Caseload.class).tag();
  }
}
