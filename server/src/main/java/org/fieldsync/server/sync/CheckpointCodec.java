package org.fieldsync.server.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import org.fieldsync.protocol.Digests;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;

/**
 * Issues and checks change-feed checkpoints: {@code <payload>.<mac>}, both base64url, where the
 * payload is a {@link Checkpoint} stamped with this store's identity and epoch, and the mac an
 * HMAC-SHA-256 (first 16 bytes) under the store's checkpoint key (see {@code StoreIdentity}).
 *
 * <p>Why authenticated and bound: an unsigned sequence number let a client ask from any position
 * (a forged {@code {"s":99999999}} answered an empty page, silently skipping nothing only by luck),
 * and a checkpoint that outlived a restore from backup, or came from another server, would make a
 * tablet skip every change between the restored position and its own. A checkpoint of another store
 * or epoch, or one ahead of everything this store has issued, is answered {@code 410
 * sync.checkpoint.reset}: the tablet pulls from the start and pushes again what the server lacks.
 * A checkpoint that is malformed or whose mac does not verify is {@code 400
 * sync.checkpoint.invalid}.
 */
public final class CheckpointCodec {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final int MAC_BYTES = 16;

  private final byte[] key;
  private final String storeId;
  private final String epoch;

  /**
   * @param key the store's checkpoint key
   * @param storeId this store's identity, made once when the store was created
   * @param epoch this store's epoch, new whenever it is restored from a backup
   */
  public CheckpointCodec(byte[] key, String storeId, String epoch) {
    this.key = key.clone();
    this.storeId = storeId;
    this.epoch = epoch;
  }

  /** The opaque text of a checkpoint. */
  public String encode(Checkpoint cp) {
    byte[] payload = ProtocolCodec.encode(cp.stamped(storeId, epoch));
    return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
  }

  /**
   * The checkpoint a client sent ({@link Checkpoint#START} for none).
   *
   * @param issuedUpTo the highest sequence this store has issued, so a checkpoint beyond it (one
   *     that outlived a restore that kept the epoch) is a reset, not a silent skip
   * @throws ProtocolException {@code sync.checkpoint.invalid} or {@code sync.checkpoint.reset}
   */
  public Checkpoint decode(String text, long issuedUpTo) {
    if (text == null || text.isEmpty()) {
      return Checkpoint.START;
    }
    int dot = text.indexOf('.');
    Checkpoint cp;
    byte[] payload;
    try {
      if (dot <= 0 || dot != text.lastIndexOf('.')) {
        throw invalid();
      }
      payload = B64D.decode(text.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
      cp = ProtocolCodec.decode(payload, Checkpoint.class);
      if (!MessageDigest.isEqual(mac(payload), B64D.decode(text.substring(dot + 1)))) {
        if (cp.i() != null && !cp.i().equals(storeId)) {
          throw reset("another server's");
        }
        throw invalid();
      }
    } catch (IllegalArgumentException | ProtocolException e) {
      if (e instanceof ProtocolException p && p.code().equals(ErrorCodes.CHECKPOINT_RESET)) {
        throw p;
      }
      throw invalid();
    }
    if (!cp.wellFormed()) {
      throw invalid();
    }
    if (!storeId.equals(cp.i()) || !epoch.equals(cp.p())) {
      throw reset(storeId.equals(cp.i()) ? "a checkpoint from before a restore" : "another"
          + " server's");
    }
    if (cp.s() > issuedUpTo) {
      throw reset("a checkpoint ahead of what this server holds");
    }
    return cp;
  }

  private byte[] mac(byte[] payload) {
    return Arrays.copyOf(Digests.hmacSha256(key, payload), MAC_BYTES);
  }

  private static ProtocolException invalid() {
    return new ProtocolException(ErrorCodes.CHECKPOINT_INVALID,
        "the checkpoint is not one this server issued; pull again without 'since'");
  }

  private static ProtocolException reset(String what) {
    return new ProtocolException(ErrorCodes.CHECKPOINT_RESET, "this is " + what + "; the"
        + " server's data was restored or replaced: pull from the start (without 'since') and"
        + " push again every record the server does not have");
  }
}
