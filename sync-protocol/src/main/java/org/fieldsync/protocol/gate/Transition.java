package org.fieldsync.protocol.gate;

import java.util.List;
import java.util.Set;
import org.fieldsync.protocol.RecordType;

/**
 * One proposed change to a record, as every writer describes it to {@link RecordGate}.
 *
 * @param writer who carries the change
 * @param actorId the user on whose authority it is made (a device's user, the admin, the manager)
 * @param type the record's type
 * @param before the state the change replaces: for a device, the parent it edited; for every
 *     other writer, the record's current state; null for a new record
 * @param after the proposed state
 * @param sides for a merge or a resolution, the concurrent sides being reconciled (the current
 *     state among them); empty otherwise
 * @param edited for a resolution, the fields given a value of the admin's own rather than chosen
 *     from a side (envelope fields by their merge names, e.g. {@code _deleted}); empty otherwise
 */
public record Transition(
    Writer writer,
    String actorId,
    RecordType type,
    RecordState before,
    RecordState after,
    List<RecordState> sides,
    Set<String> edited) {

  public Transition {
    sides = sides == null ? List.of() : List.copyOf(sides);
    edited = edited == null ? Set.of() : Set.copyOf(edited);
  }

  /** A device's revision, against the parent it was edited from (null for a new record). */
  public static Transition device(RecordType type, String actorId, RecordState parent,
      RecordState pushed) {
    return new Transition(Writer.DEVICE, actorId, type, parent, pushed, List.of(), Set.of());
  }

  /** The server's merge of {@code sides} into {@code merged}, replacing {@code current}. */
  public static Transition merge(RecordType type, RecordState current, List<RecordState> sides,
      RecordState merged) {
    return new Transition(Writer.MERGE, null, type, current, merged, sides, Set.of());
  }

  /** An admin's resolution of a conflict among {@code sides} into {@code result}. */
  public static Transition resolution(RecordType type, String adminId, RecordState current,
      List<RecordState> sides, RecordState result, Set<String> edited) {
    return new Transition(Writer.RESOLUTION, adminId, type, current, result, sides, edited);
  }

  /** A manager's decision on an FNSP request. */
  public static Transition decision(RecordType type, String managerId, RecordState current,
      RecordState decided) {
    return new Transition(Writer.DECISION, managerId, type, current, decided, List.of(),
        Set.of());
  }

  /** A manager's sign-off of a supervision note. */
  public static Transition signOff(RecordType type, String managerId, RecordState current,
      RecordState signed) {
    return new Transition(Writer.SIGN_OFF, managerId, type, current, signed, List.of(), Set.of());
  }

  /** A restriction (or its lifting), which must leave the content as it is. */
  public static Transition restriction(RecordType type, String managerId, RecordState current) {
    return new Transition(Writer.RESTRICTION, managerId, type, current, current, List.of(),
        Set.of());
  }
}
