package org.fieldsync.server.caserecord;

import java.util.List;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.gate.RecordGate;
import org.fieldsync.protocol.gate.Transition;
import org.fieldsync.protocol.validation.FieldError;
import org.fieldsync.server.http.ApiException;

/**
 * Turns the record gate's answer into the HTTP problem a server-side writer (a decision, a
 * sign-off) gives: the gate decides, this only picks the status. A change already made or not yet
 * possible is a conflict with the record's state (409) or a request that does not apply (400); a
 * manager who is not the one the record names is 403; anything else the gate forbids is 422.
 */
final class GateProblems {
  private GateProblems() {}

  /** Throws the problem for the first thing the gate finds; returns when it finds nothing. */
  static void require(Transition t) {
    List<FieldError> errors = RecordGate.check(t);
    if (errors.isEmpty()) {
      return;
    }
    FieldError first = errors.get(0);
    int status = switch (first.code()) {
      case ErrorCodes.DECISION_ALREADY, ErrorCodes.SIGNOFF_ALREADY -> 409;
      case ErrorCodes.DECISION_NOT_SUBMITTED, ErrorCodes.SIGNOFF_NOT_SIGNABLE -> 400;
      case ErrorCodes.SCOPE_ROLE_FORBIDDEN -> 403;
      default -> 422;
    };
    throw new ApiException(status, first.code(), first.message(), errors);
  }
}
