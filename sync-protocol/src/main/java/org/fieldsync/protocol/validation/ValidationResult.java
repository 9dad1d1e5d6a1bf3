package org.fieldsync.protocol.validation;

import java.util.List;

/**
 * What the validator found: no errors means valid.
 *
 * @param errors every error found, in field order; validation does not stop at the first
 */
public record ValidationResult(List<FieldError> errors) {
  public static final ValidationResult OK = new ValidationResult(List.of());

  public ValidationResult {
    errors = errors == null ? List.of() : List.copyOf(errors);
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  /** Whether any error carries this code. */
  public boolean has(String code) {
    return errors.stream().anyMatch(e -> e.code().equals(code));
  }
}
