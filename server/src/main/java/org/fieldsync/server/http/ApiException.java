package org.fieldsync.server.http;

import java.util.List;
import org.fieldsync.protocol.validation.FieldError;

/**
 * A request that fails with a known status and stable code. Handlers throw it (or fail the
 * context with it); {@link Problems} turns it into a problem response.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final transient List<FieldError> errors;
  private final long retryAfterSeconds;

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public ApiException(int status, String code, String message, List<FieldError> errors) {
    this(status, code, message, errors, 0);
  }

  private ApiException(int status, String code, String message, List<FieldError> errors,
      long retryAfterSeconds) {
    super(message, null, false, false); // no stack trace: this is an expected outcome
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A refusal that may be tried again later: answered with {@code Retry-After}. */
  public static ApiException retryAfter(int status, String code, String message, long seconds) {
    return new ApiException(status, code, message, List.of(), seconds);
  }

  /** Seconds to wait before trying again, for {@code Retry-After}; 0 when not said. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
