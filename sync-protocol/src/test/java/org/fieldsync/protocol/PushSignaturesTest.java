package org.fieldsync.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every revision of a push signed once leads, with its proof alone, to the signed root. */
class PushSignaturesTest {
  private static List<Revision> revisions(int n) {
    List<Revision> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Revisions.next(UuidV7.generate(), RecordType.VISIT, "case-0001",
          List.of("child-0001"), null, false, 1, "u-alice", "tab-a",
          new Hlc(1_700_000_000_000L + i, 0, "tab-a"), "{\"n\":" + i + "}"));
    }
    return out;
  }

  @Test
  void everyRevisionsProofLeadsToTheSignedRootForAnySizeOfPush() {
    for (int n = 1; n <= 17; n++) {
      List<Revision> revs = revisions(n);
      PushSignatures.Tree t = PushSignatures.tree("tab-a", revs);
      assertEquals(n, t.proofs().size());
      for (int i = 0; i < n; i++) {
        assertArrayEquals(t.toSign(), PushSignatures.signedBytes("tab-a", revs.get(i),
            t.proofs().get(i)), "n=" + n + " i=" + i);
        assertFalse(Arrays.equals(t.toSign(), PushSignatures.signedBytes("tab-b", revs.get(i),
            t.proofs().get(i))), "the root names the pushing device");
      }
      if (n > 1) { // a revision moved to another place in the push does not verify there
        assertFalse(Arrays.equals(t.toSign(), PushSignatures.signedBytes("tab-a", revs.get(0),
            t.proofs().get(1))));
      }
    }
  }

  @Test
  void theTreeIsTheReceiptsTreeAndAMalformedStepIsRefused() {
    List<Revision> revs = revisions(3);
    PushSignatures.Tree t = PushSignatures.tree("tab-a", revs);
    // Three leaves: the first two pair up, the third moves up unpaired and pairs at the top.
    assertEquals(2, t.proofs().get(0).size());
    assertEquals(1, t.proofs().get(2).size());
    assertEquals('L', t.proofs().get(2).get(0).charAt(0));
    assertThrows(IllegalArgumentException.class, () -> PushSignatures.signedBytes("tab-a",
        revs.get(0), List.of("X" + "0".repeat(64))));
  }
}
