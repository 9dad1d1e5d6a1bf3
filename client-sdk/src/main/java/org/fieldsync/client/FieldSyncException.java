package org.fieldsync.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.fieldsync.protocol.validation.FieldError;

/**
 * The SDK's one exception type: every failure of every public method is one of these, never an
 * {@code IllegalStateException} or an {@code IOException}. {@link #code()} is a stable code: one
 * of {@link SdkErrorCodes}, a validation code from sync-protocol ({@code record.invalid} with
 * {@link #fieldErrors()}), or a server problem code passed through.
 *
 * <p>When {@link #mayHaveReachedServer()} is true, a push may have been stored even though no
 * answer arrived. That is always safe: the outbox keeps the revision and the next push is answered
 * {@code duplicate}. It is false only when the request certainly never arrived: the connection
 * was refused or never opened, or nothing was sent. Nothing a caller saved is lost because of this
 * exception.
 */
public class FieldSyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String code;
  private final transient List<FieldError> fieldErrors;
  private final boolean mayHaveReachedServer;
  private final transient Duration retryAfter;

  /** A failure that never reached the server, with no field errors. */
  public FieldSyncException(String code, String message) {
    this(code, message, List.of(), false, null);
  }

  /** A failure with every detail but a server's wait hint. */
  public FieldSyncException(
      String code,
      String message,
      List<FieldError> fieldErrors,
      boolean mayHaveReachedServer,
      Throwable cause) {
    this(code, message, fieldErrors, mayHaveReachedServer, null, cause);
  }

  /** A failure with every detail, including how long the server asked the client to wait. */
  public FieldSyncException(
      String code,
      String message,
      List<FieldError> fieldErrors,
      boolean mayHaveReachedServer,
      Duration retryAfter,
      Throwable cause) {
    super(message, cause);
    this.code = code;
    this.fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
    this.mayHaveReachedServer = mayHaveReachedServer;
    this.retryAfter = retryAfter;
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

  /**
   * How long the server asked the client to wait before trying again (its {@code Retry-After}),
   * when it said; background sync waits at least this long.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
