package org.fieldsync.protocol.gate;

/**
 * Who carries a change to a record. Every path that writes a record names itself here and asks
 * {@link RecordGate} whether the change is allowed, so a rule that holds a device back cannot be
 * forgotten on another path (that is how a sync admin's resolution once rewrote a child's sealed
 * words).
 */
public enum Writer {
  /** A revision pushed by an enrolled tablet, checked against the parent it was edited from. */
  DEVICE("a device"),
  /** The server's automatic merge of concurrent device revisions. */
  MERGE("a merge"),
  /** A sync admin's resolution of a conflict: choices among the sides and permitted edits. */
  RESOLUTION("a conflict resolution"),
  /** A manager's approval or decline of a submitted FNSP request. */
  DECISION("an FNSP decision"),
  /** The sign-off of a supervision note by the manager who led it. */
  SIGN_OFF("a sign-off"),
  /** A restriction of a record to named workers: access changes, content never does. */
  RESTRICTION("a restriction");

  private final String words;

  Writer(String words) {
    this.words = words;
  }

  /** The writer in words, for messages: "a conflict resolution". */
  public String words() {
    return words;
  }
}
