package org.fieldsync.protocol.records;

/**
 * The body of a record: one of the six things a worker records. Bodies are immutable values; the
 * envelope (ids, case, children, revisions) lives in {@link org.fieldsync.protocol.Revision}.
 */
public sealed interface RecordBody
    permits Visit,
        ChildVoiceObservation,
        FnspRequest,
        SupervisionNote,
        FamilyFeedback,
        FamilyMeeting {}
