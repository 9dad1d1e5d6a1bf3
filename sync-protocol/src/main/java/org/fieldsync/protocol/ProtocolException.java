package org.fieldsync.protocol;

/**
 * The one exception type of sync-protocol: input that cannot be decoded or is not protocol. It
 * carries a stable {@link ErrorCodes error code} that a server maps to a problem response.
 */
public class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public ProtocolException(String code, String message) {
    super(message);
    this.code = code;
  }

  public ProtocolException(String code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The stable error code, one of {@link ErrorCodes}. */
  public String code() {
    return code;
  }
}
