package org.fieldsync.client.internal.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.internal.store.CouchbaseLocalStore;
import org.fieldsync.client.internal.store.LocalStore;
import org.fieldsync.client.internal.store.StoredRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored value that does not open is the SDK's exception with a public code, never an
 * IllegalStateException: real Couchbase Lite in a temporary folder, altered behind the SDK.
 */
class EncryptedLocalStoreTest {
  @TempDir Path dir;

  private static byte[] key() {
    byte[] k = new byte[32];
    new SecureRandom().nextBytes(k);
    return k;
  }

  private static StoredRecord rec(String body) {
    return new StoredRecord("r1", "visit", "case-1", List.of("c1"), "1-aa", null, false, 1, "u1",
        "d1", "001", body, "PENDING", null, 1L, "001");
  }

  @Test
  void aBodyWrittenInPlainTextBehindTheSdkIsStoreUnreadable() {
    try (LocalStore plain = CouchbaseLocalStore.open(dir)) {
      plain.saveLocal(rec("{\"notes\":\"fictional\"}"), null);
      byte[] k = key();
      LocalStore sealed = new EncryptedLocalStore(plain, () -> k);
      FieldSyncException e = assertThrows(FieldSyncException.class, () -> sealed.get("r1"));
      assertEquals(SdkErrorCodes.STORE_UNREADABLE, e.code());
    }
  }

  @Test
  void aBodySealedUnderAnotherKeyOrAlteredIsStoreUnreadable() {
    try (LocalStore plain = CouchbaseLocalStore.open(dir)) {
      byte[] mine = key();
      new EncryptedLocalStore(plain, () -> mine).saveLocal(rec("{\"notes\":\"fictional\"}"),
          null);
      byte[] other = key();
      assertEquals(SdkErrorCodes.STORE_UNREADABLE, assertThrows(FieldSyncException.class,
          () -> new EncryptedLocalStore(plain, () -> other).byCase("case-1", null)).code());
      plain.saveLocal(rec("v1:not base64 at all"), null);
      assertEquals(SdkErrorCodes.STORE_UNREADABLE, assertThrows(FieldSyncException.class,
          () -> new EncryptedLocalStore(plain, () -> mine).get("r1")).code());
      assertEquals("{\"notes\":\"fictional\"}", Aead.openText(mine,
          Aead.sealText(mine, "{\"notes\":\"fictional\"}", "r1|body"), "r1|body"));
    }
  }
}
