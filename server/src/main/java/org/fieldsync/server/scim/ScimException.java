package org.fieldsync.server.scim;

/**
 * A SCIM request refused, answered in SCIM's error schema (RFC 7644 section 3.12) with a stable
 * {@code scimType} (where RFC 7644 defines one) and {@code detail}.
 */
final class ScimException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String scimType;

  ScimException(int status, String scimType, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.scimType = scimType;
  }

  int status() {
    return status;
  }

  /** RFC 7644's scimType, or null where it defines none (401, 404, 412). */
  String scimType() {
    return scimType;
  }

  static ScimException invalidValue(String detail) {
    return new ScimException(400, "invalidValue", detail);
  }

  static ScimException invalidSyntax(String detail) {
    return new ScimException(400, "invalidSyntax", detail);
  }
}
