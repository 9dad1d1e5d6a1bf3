package org.fieldsync.client;

import java.util.List;
import org.fieldsync.protocol.validation.FieldError;

/**
 * Why a record needs the worker's attention or is under review: a stable code, a message to show,
 * and field errors where the server gave them.
 *
 * @param code stable code, e.g. {@code visit.childrenSeen.required} or {@code sync.conflict}
 * @param message for the worker
 * @param fieldErrors field-level details, may be empty
 */
public record Attention(String code, String message, List<FieldError> fieldErrors) {
  /** The code used when a record is under review because of a concurrent change. */
  public static final String CONFLICT = SdkErrorCodes.SYNC_CONFLICT;

  public Attention {
    fieldErrors = fieldErrors == null ? List.of() : List.copyOf(fieldErrors);
  }
}
