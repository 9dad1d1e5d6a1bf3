package org.fieldsync.protocol;

/**
 * The one exception type of sync-protocol: input that cannot be decoded or is not protocol. It
 * carries a stable {@link ErrorCodes error code} that a server maps to a problem response.
 */
public class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;
  private final String field;

  public ProtocolException(String code, String message) {
    this(code, message, (String) null);
  }

  /** With the dotted path of the field at fault (e.g. {@code revisions.3.deleted}), or null. */
  public ProtocolException(String code, String message, String field) {
    super(message);
    this.code = code;
    this.field = field;
  }

  public ProtocolException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.field = null;
  }

  /** The dotted path of the field at fault, or null when the whole input is. */
  public String field() {
    return field;
  }

  /** The stable error code, one of {@link ErrorCodes}. */
  public String code() {
    return code;
  }
}
