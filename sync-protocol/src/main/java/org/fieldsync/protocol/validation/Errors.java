package org.fieldsync.protocol.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Collects field errors under one record type's code prefix. Package-private helper. */
final class Errors {
  private final String prefix;
  private final List<FieldError> list = new ArrayList<>();

  Errors(String prefix) {
    this.prefix = prefix;
  }

  /** Adds {@code <prefix>.<field>.<problem>}. */
  void add(String field, String problem, String message) {
    list.add(new FieldError(field, prefix + "." + codeField(field) + "." + problem, message));
  }

  /** Adds an error with a code that is not under the type prefix (envelope codes). */
  void addRaw(String field, String code, String message) {
    list.add(new FieldError(field, code, message));
  }

  void required(String field, Object value) {
    if (value == null || (value instanceof String s && s.isBlank())
        || (value instanceof Collection<?> c && c.isEmpty())) {
      add(field, "required", field + " is required");
    }
  }

  void maxLength(String field, String value, int max) {
    if (value != null && value.length() > max) {
      add(field, "tooLong", field + " is longer than " + max + " characters");
    }
  }

  List<FieldError> list() {
    return list;
  }

  /** Codes name the field without list indexes: {@code actions.2.owner} becomes actions.owner. */
  private static String codeField(String field) {
    return field.replaceAll("\\.[0-9]+", "");
  }
}
