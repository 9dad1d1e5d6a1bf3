package org.fieldsync.protocol.records.builders;

import java.util.List;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.protocol.validation.FieldError;

/**
 * What a record builder throws by default when the body breaks a rule: {@code record.invalid}
 * with every field error found. (The SDK's builders throw its own exception type instead.)
 */
public final class InvalidBodyException extends ProtocolException {
  private static final long serialVersionUID = 1L;
  private final transient List<FieldError> fieldErrors;

  public InvalidBodyException(List<FieldError> fieldErrors) {
    super(ErrorCodes.RECORD_INVALID, BodyBuilder.summary(fieldErrors));
    this.fieldErrors = List.copyOf(fieldErrors);
  }

  /** Every rule the body breaks. */
  public List<FieldError> fieldErrors() {
    return fieldErrors;
  }
}
