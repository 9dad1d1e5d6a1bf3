package org.fieldsync.protocol.oversight;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One thing due or overdue: a child to be seen, a supervision to hold, a return home interview,
 * an FNSP decision. The same value on the tablet and on the server, so the two lists can be
 * compared item by item.
 *
 * @param kind what is due
 * @param caseId the case; null for a team's item (a line-of-sight meeting)
 * @param childId the child, for a visit or a return home interview; otherwise null
 * @param teamId the case's team, or the team of a team's item; null where not known
 * @param locality the case's locality; null for a team's item or where not known
 * @param recordId the record behind it: the FNSP request, the record of the return, or the last
 *     visit or note that counted; null when none has
 * @param lastDone when it was last done (seen, held); null if never since it applied
 * @param due the last day it may be done on time
 * @param dueAt for an interval in hours (a return home interview), the instant it is due;
 *     otherwise null
 * @param overdue whether that is past
 * @param reason in words, starting with the child, case or team, e.g. {@code "child-0002: not
 *     seen alone for 26 days, due in 2 days"}
 */
public record DueItem(DueKind kind, String caseId, String childId, String teamId, String locality,
    String recordId, LocalDate lastDone, LocalDate due, Instant dueAt, boolean overdue,
    String reason) {}
