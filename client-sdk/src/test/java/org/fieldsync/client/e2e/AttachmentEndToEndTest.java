package org.fieldsync.client.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.fieldsync.client.Attachments;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.protocol.records.ChildVoiceObservation;
import org.fieldsync.protocol.records.ChildVoiceObservation.AttachmentRef;
import org.junit.jupiter.api.Test;

/**
 * A photo of a child's drawing, taken offline on one tablet, reaches the case record with the
 * observation and opens on a colleague's tablet; on both it is only ever stored encrypted.
 */
class AttachmentEndToEndTest extends ServerBackedTest {

  @Test
  void aDrawingTakenOfflineReachesTheCaseRecordAndAColleagueCanOpenIt() throws Exception {
    String marker = "DrawingMarker-" + UUID.randomUUID();
    byte[] photo = photo(marker);
    String id;
    AttachmentRef ref;
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      ref = alice.attachments().add("image/png", "Drawing of the three houses", photo);
      ChildVoiceObservation o = Fixtures.childVoice("child-0001");
      id = alice.childVoice().create(CASE, List.of("child-0001"), withAttachment(o, ref)).id();
      assertArrayEquals(photo, alice.attachments().read(id, ref), "opens offline, locally");
      assertEquals(1, alice.syncNow().accepted(), "the bytes went up before the record");
    }
    assertTrue(server.store().<Boolean>read(tx -> tx.attachmentExists(CASE, ref.sha256())));

    try (FieldSync bea = Fixtures.device(server.baseUrl(), tmp.resolve("b"), "fw.bea")) {
      bea.syncNow();
      AttachmentRef seen = bea.childVoice().get(id).orElseThrow().body().attachments().get(0);
      assertEquals(ref, seen);
      assertArrayEquals(photo, bea.attachments().read(id, seen), "fetched from the server");
      server.stop(); // offline now: the copy bea fetched is kept, encrypted
      assertArrayEquals(photo, bea.attachments().read(id, seen));
    }
    for (String dir : List.of("a", "b")) {
      assertFalse(Fixtures.allFiles(tmp.resolve(dir)).contains(marker),
          "the attachment's bytes are on the " + dir + " tablet in plain form");
    }
  }

  @Test
  void unsupportedOrOversizedAttachmentsAreRefusedOnTheTablet() {
    try (FieldSync alice = Fixtures.device(server.baseUrl(), tmp.resolve("a"), "fw.alice")) {
      assertEquals(SdkErrorCodes.ATTACHMENT_MEDIA_TYPE, assertThrows(FieldSyncException.class,
          () -> alice.attachments().add("text/html", "x", new byte[] {1})).code());
      assertEquals(SdkErrorCodes.ATTACHMENT_TOO_LARGE, assertThrows(FieldSyncException.class,
          () -> alice.attachments().add("image/png", "x", new byte[Attachments.MAX_BYTES + 1]))
          .code());
    }
  }

  private static byte[] photo(String marker) {
    byte[] noise = new byte[200_000];
    new Random(7).nextBytes(noise);
    byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(m, 0, noise, 1_000, m.length);
    return noise;
  }

  private static ChildVoiceObservation withAttachment(ChildVoiceObservation o, AttachmentRef a) {
    return new ChildVoiceObservation(o.childId(), o.date(), o.childWords(),
        o.workerObservation(), o.method(), o.advocatePresent(), o.languageNeeds(),
        o.identityNotes(), o.fedBackToChild(), o.status(), o.addenda(), List.of(a));
  }

}
