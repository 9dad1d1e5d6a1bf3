package org.fieldsync.server.sync;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;

/**
 * A change-feed position, opaque to clients (base64url of a small JSON). {@code s}: every change
 * with a sequence up to {@code s} has been delivered. While a newly allocated case is being
 * back-filled, {@code c}, {@code e} and {@code a} say which case, the allocation's sequence, and
 * the last back-filled record's sequence. Tampering cannot widen what a user sees: scope is
 * checked on every read.
 *
 * @param s delivered up to this sequence
 * @param c back-fill case, or null
 * @param e back-fill allocation sequence
 * @param a back-fill position
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Checkpoint(long s, String c, Long e, Long a) {
  static final Checkpoint START = new Checkpoint(0, null, null, null);

  String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(ProtocolCodec.encode(this));
  }

  boolean backfilling() {
    return c != null && e != null && a != null;
  }

  static Checkpoint decode(String text) {
    if (text == null || text.isEmpty()) {
      return START;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
      Checkpoint cp = ProtocolCodec.decode(json, Checkpoint.class);
      if (cp.s < 0 || (cp.c != null && (cp.e == null || cp.a == null || cp.e <= 0))) {
        throw invalid();
      }
      return cp;
    } catch (IllegalArgumentException | ProtocolException e) {
      throw invalid();
    }
  }

  private static ProtocolException invalid() {
    return new ProtocolException(ErrorCodes.CHECKPOINT_INVALID,
        "the checkpoint is not one this server issued; pull again without 'since'");
  }
}
