package org.fieldsync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fieldsync.protocol.wire.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeysTest {
  @TempDir Path tmp;

  @Test
  void receiptsVerifyAndAnyChangeBreaksThem() throws Exception {
    ServerKeys keys = ServerKeys.load(tmp);
    Receipt r = keys.sign(new Receipt("rec-1", "1-ab", 42, 1_795_000_000_000L, "accepted", null,
        null, null));
    assertEquals(keys.keyId(), r.keyId());
    assertTrue(ServerKeys.verify(r, keys.publicKeyBase64()));
    assertFalse(ServerKeys.verify(new Receipt("rec-1", "1-ac", 42, r.serverTime(), r.outcome(),
        r.keyId(), r.proof(), r.signature()), keys.publicKeyBase64()), "another rev");
    assertFalse(ServerKeys.verify(new Receipt("rec-1", "1-ab", 43, r.serverTime(), r.outcome(),
        r.keyId(), r.proof(), r.signature()), keys.publicKeyBase64()), "another sequence");
    assertFalse(ServerKeys.verify(new Receipt("rec-1", "1-ab", 42, r.serverTime() + 1,
        r.outcome(), r.keyId(), r.proof(), r.signature()), keys.publicKeyBase64()),
        "another time");

    // A push of five: one signature, and each receipt verifies alone with its proof.
    List<Receipt> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(new Receipt("rec-" + i, "1-a" + i, 100 + i, 1_795_000_000_000L, "accepted",
          null, null, null));
    }
    List<Receipt> signed = keys.signAll(batch);
    for (Receipt each : signed) {
      assertTrue(ServerKeys.verify(each, keys.publicKeyBase64()), each.recordId());
      assertEquals(signed.get(0).signature(), each.signature());
    }
    Receipt third = signed.get(2);
    assertFalse(ServerKeys.verify(new Receipt(third.recordId(), third.rev(), third.seq() + 1,
        third.serverTime(), third.outcome(), third.keyId(), third.proof(), third.signature()),
        keys.publicKeyBase64()), "a changed member of a batch");
    assertFalse(ServerKeys.verify(third.signed(third.keyId(), signed.get(1).proof(),
        third.signature()), keys.publicKeyBase64()), "another member's proof");
    ServerKeys again = ServerKeys.load(tmp);
    assertEquals(keys.keyId(), again.keyId(), "the key survives a restart");
    ServerKeys other = ServerKeys.load(Files.createDirectories(tmp.resolve("x")));
    assertFalse(ServerKeys.verify(r, other.publicKeyBase64()), "another server's key");
  }
}
