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

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public ApiException(int status, String code, String message, List<FieldError> errors) {
    super(message, null, false, false); // no stack trace: this is an expected outcome
    this.status = status;
    this.code = code;
    this.errors = List.copyOf(errors);
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
