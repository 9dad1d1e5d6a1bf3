package org.fieldsync.client;

import java.util.List;
import org.fieldsync.protocol.validation.FieldError;

/**
 * The SDK's one exception type. {@link #code()} is a stable code: a validation code from
 * sync-protocol ({@code record.invalid} with {@link #fieldErrors()}), a server problem code, or one
 * of the SDK's own ({@code transport.unavailable}, {@code store.failed}, {@code record.notFound},
 * {@code auth.credentials.invalid}).
 *
 * <p>When {@link #mayHaveReachedServer()} is true, a push may have been stored even though no
 * answer arrived. That is always safe: the outbox keeps the revision and the next push is answered
 * {@code duplicate}. Nothing a caller saved is lost because of this exception.
 */
public class FieldSyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final String TRANSPORT_UNAVAILABLE = "transport.unavailable";
  /** The server's TLS certificate is not trusted (not the pinned key, or no valid chain). */
  public static final String TRANSPORT_UNTRUSTED = "transport.tls.untrusted";
  /** This device is not enrolled: a sync admin's one-time code enrols it. */
  public static final String DEVICE_NOT_ENROLLED = "device.notEnrolled";
  /** A sync admin revoked this device; it wipes its data. */
  public static final String DEVICE_REVOKED = "device.revoked";
  /** A sync admin reported this device lost; it wipes its data. */
  public static final String DEVICE_LOST = "device.lost";
  /** This device wiped its data after it was revoked; this FieldSync is closed. */
  public static final String DEVICE_WIPED = "device.wiped";
  /** Plain HTTP to a host that is not this machine: refused. */
  public static final String TRANSPORT_INSECURE = "transport.insecure";
  public static final String STORE_FAILED = "store.failed";
  public static final String RECORD_NOT_FOUND = "record.notFound";
  public static final String CLOSED = "client.closed";

  private final String code;
  private final transient List<FieldError> fieldErrors;
  private final boolean mayHaveReachedServer;

  public FieldSyncException(String code, String message) {
    this(code, message, List.of(), false, null);
  }

  public FieldSyncException(
      String code,
      String message,
      List<FieldError> fieldErrors,
      boolean mayHaveReachedServer,
      Throwable cause) {
    super(message, cause);
    this.code = code;
    this.fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
    this.mayHaveReachedServer = mayHaveReachedServer;
  }

  /** The stable error code. */
  public String code() {
    return code;
  }

  /** Field-level errors, for {@code record.invalid}; empty otherwise. */
  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }

  /** Whether the failed call may nevertheless have been carried out by the server. */
  public boolean mayHaveReachedServer() {
    return mayHaveReachedServer;
  }
}
