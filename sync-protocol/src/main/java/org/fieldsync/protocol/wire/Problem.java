package org.fieldsync.protocol.wire;

import java.util.List;
import org.fieldsync.protocol.validation.FieldError;

/**
 * The error body of every failed request ({@code application/problem+json}) and of every rejected
 * push item. Never carries a stack trace.
 *
 * @param code stable machine code, see {@link org.fieldsync.protocol.ErrorCodes}
 * @param message human-readable explanation
 * @param status HTTP status (0 inside a push outcome)
 * @param requestId the request id, for support
 * @param errors field-level errors, when the problem is about a record's content
 */
public record Problem(
    String code, String message, int status, String requestId, List<FieldError> errors) {
  public Problem {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public static Problem of(String code, String message) {
    return new Problem(code, message, 0, null, List.of());
  }
}
