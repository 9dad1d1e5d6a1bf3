package org.fieldsync.protocol.wire;

import java.util.List;

/**
 * Answer to a push: one outcome per pushed revision, in request order.
 *
 * @param outcomes the outcomes
 */
public record PushResponse(List<PushOutcome> outcomes) {
  public PushResponse {
    outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
  }
}
