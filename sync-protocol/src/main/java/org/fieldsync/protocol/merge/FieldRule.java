package org.fieldsync.protocol.merge;

/**
 * How a field of a record merges when two or more devices changed the record concurrently. Each
 * record type declares one rule per field in {@link MergeRules}; a field a type does not declare
 * (one a newer peer added) merges as {@link #SCALAR}.
 */
public enum FieldRule {
  /** Equal changes are fine; different changes are a conflict. Never last-writer-wins. */
  SCALAR("scalar"),
  /** Text that only grows: every side's addition to the base is kept, in HLC order. */
  APPEND_TEXT("append-text"),
  /** A list treated as an observed-remove set against the base: additions unite, removals apply. */
  SET("set"),
  /** Set only by the server (approval, sign-off); a device's change is refused. */
  SERVER_OWNED("server-owned"),
  /** Merges as scalar until the record is sealed (submitted, signed off); then only by addendum. */
  SEALED("sealed");

  private final String wireName;

  FieldRule(String wireName) {
    this.wireName = wireName;
  }

  /** The rule's name in PROTOCOL.md and in the conflict API. */
  public String wireName() {
    return wireName;
  }
}
