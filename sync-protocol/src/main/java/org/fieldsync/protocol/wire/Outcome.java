package org.fieldsync.protocol.wire;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What the server did with one pushed revision. Exactly one per item. */
public enum Outcome {
  /** Fast-forward: the parent was the current rev; this revision is now current. */
  @JsonProperty("accepted") ACCEPTED,
  /** Merged with a concurrent change; the outcome carries the merged revision. */
  @JsonProperty("merged") MERGED,
  /** Kept, but concurrent with another change: queued for a sync admin; the winner stays. */
  @JsonProperty("conflict") CONFLICT,
  /** Refused for validation or permission; nothing was stored. Carries a problem. */
  @JsonProperty("rejected") REJECTED,
  /** Already stored: a retry. {@code firstOutcome} says what happened the first time. */
  @JsonProperty("duplicate") DUPLICATE,
  /** An outcome this client does not know yet (sent by a newer server). */
  @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}
