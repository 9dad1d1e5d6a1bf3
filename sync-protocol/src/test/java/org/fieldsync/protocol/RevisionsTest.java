package org.fieldsync.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionsTest {
  private static final String BODY = "{\"a\":1,\"b\":\"x\"}";

  @Test
  void sameContentAndParentGiveTheSameRevOnAnyDevice() {
    String a = Revisions.computeRev(2, "1-00000000000000000000000000000000", "visit", "c",
        List.of("k"), false, BODY);
    String b = Revisions.computeRev(2, "1-00000000000000000000000000000000", "visit", "c",
        List.of("k"), false, BODY);
    assertEquals(a, b);
    assertTrue(a.startsWith("2-"));
    assertTrue(Revisions.isWellFormed(a));
  }

  @Test
  void knownRevMatchesTheAlgorithmInProtocolMd() {
    // The worked example in PROTOCOL.md section 3 (also reproduced there in Python): keep in step.
    assertEquals("1-9e59388a3718ea0689c514acb939e172", Revisions.computeRev(1, null, "visit",
        "case-0001", List.of("child-0001"), false, "{\"notes\":\"Seen at home.\"}"));
  }

  @Test
  void everyPartOfTheContentChangesTheRev() {
    String base = Revisions.computeRev(1, null, "visit", "c", List.of("k"), false, BODY);
    assertNotEquals(base, Revisions.computeRev(1, null, "visit", "c", List.of("k"), false,
        "{\"a\":2,\"b\":\"x\"}"));
    assertNotEquals(base, Revisions.computeRev(1, null, "visit", "d", List.of("k"), false, BODY));
    assertNotEquals(base, Revisions.computeRev(1, null, "visit", "c", List.of("k", "j"), false,
        BODY));
    assertNotEquals(base, Revisions.computeRev(1, null, "visit", "c", List.of("k"), true, BODY));
    assertNotEquals(base, Revisions.computeRev(1, null, "fnsp_request", "c", List.of("k"), false,
        BODY));
    assertNotEquals(Revisions.computeRev(2, "1-aa", "visit", "c", List.of(), false, BODY),
        Revisions.computeRev(2, "1-ab", "visit", "c", List.of(), false, BODY));
    // Length prefixes: moving a character between two parts is a different content.
    assertNotEquals(Revisions.computeRev(1, null, "visit", "ab", List.of("c"), false, BODY),
        Revisions.computeRev(1, null, "visit", "a", List.of("bc"), false, BODY));
  }

  @Test
  void keyOrderAndWhiteSpaceDoNotChangeTheRev() {
    String a = CanonicalJson.canonicalize("{ \"b\" : \"x\", \"a\" : 1 }");
    String b = CanonicalJson.canonicalize("{\"a\":1,\"b\":\"x\",\"c\":null}");
    assertEquals(a, b);
    assertEquals(BODY, a);
  }

  @Test
  void nextBuildsAChainAndRevMatchesDetectsTampering() {
    Revision r1 = Examples.revision(Examples.visit());
    assertEquals(1, r1.generation());
    assertTrue(Revisions.revMatches(r1));
    Revision r2 = Revisions.next(r1.id(), RecordType.VISIT, r1.caseId(), r1.childIds(), r1.rev(),
        false, 1, "u-1", "dev-1", new Hlc(2_000, 0, "dev-1"), r1.body());
    assertEquals(2, r2.generation());
    assertEquals(r1.rev(), r2.parentRev());
    Revision tampered = new Revision(r2.id(), r2.type(), "case-2", r2.childIds(), r2.rev(),
        r2.parentRev(), false, 1, "u-1", "dev-1", r2.hlc(), r2.body());
    assertFalse(Revisions.revMatches(tampered));
    assertEquals(0, Revisions.generationOf("banana"));
  }
}
