package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolException;
import org.junit.jupiter.api.Test;

/** Checkpoints are the server's own, bound to one store and one epoch of it. */
class CheckpointCodecTest {
  private static final byte[] KEY = "a shared secret of this deployment".getBytes(
      StandardCharsets.UTF_8);
  private final CheckpointCodec codec = new CheckpointCodec(KEY, "store-a", "epoch-1");

  @Test
  void aCheckpointThisStoreIssuedReadsBack() {
    Checkpoint cp = Checkpoint.backfill(41, "case-0001", 42, 17);
    Checkpoint back = codec.decode(codec.encode(cp), 100);
    assertEquals(cp.stamped("store-a", "epoch-1"), back);
    assertEquals(Checkpoint.START, codec.decode(null, 100));
  }

  @Test
  void aCheckpointTheServerNeverIssuedIsInvalid() {
    String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"s\":99999999}".getBytes(StandardCharsets.UTF_8));
    assertCode(ErrorCodes.CHECKPOINT_INVALID, unsigned);
    String good = codec.encode(Checkpoint.at(5));
    String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(
        "{\"s\":99,\"i\":\"store-a\",\"p\":\"epoch-1\"}".getBytes(StandardCharsets.UTF_8))
        + good.substring(good.indexOf('.'));
    assertCode(ErrorCodes.CHECKPOINT_INVALID, tampered);
    assertCode(ErrorCodes.CHECKPOINT_INVALID, "not base64!.x");
    assertCode(ErrorCodes.CHECKPOINT_INVALID, good + ".more");
  }

  @Test
  void aCheckpointFromBeforeARestoreOrFromAnotherServerIsAReset() {
    String beforeRestore = codec.encode(Checkpoint.at(5));
    assertCode(ErrorCodes.CHECKPOINT_RESET, beforeRestore,
        new CheckpointCodec(KEY, "store-a", "epoch-2"));
    String otherServer = new CheckpointCodec("another secret".getBytes(StandardCharsets.UTF_8),
        "store-b", "epoch-9").encode(Checkpoint.at(5));
    assertCode(ErrorCodes.CHECKPOINT_RESET, otherServer, codec);
  }

  @Test
  void aCheckpointAheadOfEverythingTheStoreHoldsIsAReset() {
    String ahead = codec.encode(Checkpoint.at(500));
    ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(ahead, 120));
    assertEquals(ErrorCodes.CHECKPOINT_RESET, e.code());
  }

  private void assertCode(String code, String text) {
    assertCode(code, text, codec);
  }

  private static void assertCode(String code, String text, CheckpointCodec c) {
    ProtocolException e = assertThrows(ProtocolException.class, () -> c.decode(text, 1_000));
    assertEquals(code, e.code(), e.getMessage());
  }
}
