package org.fieldsync.protocol.wire;

import java.util.List;

/**
 * Answer to a push: one outcome per pushed revision, in request order, and, when the push asked
 * for it ({@code pull=1}), the first page of the change feed after it, so a sync pass is one
 * round trip.
 *
 * @param outcomes the outcomes
 * @param changes the page pulled after the push was stored, or null (not asked, or the server
 *     could not serve it here: the client then pulls as usual)
 */
public record PushResponse(List<PushOutcome> outcomes, ChangesPage changes) {
  public PushResponse {
    outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
  }

  /** An answer without a page. */
  public PushResponse(List<PushOutcome> outcomes) {
    this(outcomes, null);
  }
}
