package org.fieldsync.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.fieldsync.protocol.wire.Receipt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeysTest {
  @TempDir Path tmp;

  @Test
  void receiptsVerifyAndAnyChangeBreaksThem() throws Exception {
    ServerKeys keys = ServerKeys.load(tmp);
    Receipt r = keys.sign(new Receipt("rec-1", "1-ab", 42, 1_795_000_000_000L, "accepted", null,
        null));
    assertEquals(keys.keyId(), r.keyId());
    assertTrue(ServerKeys.verify(r, keys.publicKeyBase64()));
    assertFalse(ServerKeys.verify(new Receipt("rec-1", "1-ac", 42, r.serverTime(), r.outcome(),
        r.keyId(), r.signature()), keys.publicKeyBase64()), "another rev");
    assertFalse(ServerKeys.verify(new Receipt("rec-1", "1-ab", 43, r.serverTime(), r.outcome(),
        r.keyId(), r.signature()), keys.publicKeyBase64()), "another sequence");
    assertFalse(ServerKeys.verify(new Receipt("rec-1", "1-ab", 42, r.serverTime() + 1,
        r.outcome(), r.keyId(), r.signature()), keys.publicKeyBase64()), "another time");
    ServerKeys again = ServerKeys.load(tmp);
    assertEquals(keys.keyId(), again.keyId(), "the key survives a restart");
    ServerKeys other = ServerKeys.load(java.nio.file.Files.createDirectories(tmp.resolve("x")));
    assertFalse(ServerKeys.verify(r, other.publicKeyBase64()), "another server's key");
  }
}
