package org.fieldsync.server.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Who this store is and which life of it this is: an identity made once when the store is first
 * opened, and an epoch made new whenever the store is restored from a backup. Change-feed
 * checkpoints carry both, so a tablet's position from another store, or from before a restore, is
 * never taken for a position in this one.
 *
 * <p>It also holds the key checkpoints are authenticated with: kept in the store, every node of a
 * deployment shares it without configuration, and rotating the token secret does not reset every
 * tablet's position.
 *
 * @param id the store's identity (32 hex)
 * @param epoch the store's epoch (32 hex)
 * @param checkpointKey the key of checkpoint macs (32 bytes)
 */
public record StoreIdentity(String id, String epoch, byte[] checkpointKey) {
  private static final SecureRandom RANDOM = new SecureRandom();

  /** This store's identity and epoch, made on first use. */
  public static StoreIdentity of(Store store) {
    return store.write(tx -> {
      String id = tx.meta().get("store_id").orElse(null);
      if (id == null) {
        id = random();
        tx.meta().put("store_id", id);
      }
      String epoch = tx.meta().get("epoch").orElse(null);
      if (epoch == null) {
        epoch = random();
        tx.meta().put("epoch", epoch);
      }
      String key = tx.meta().get("checkpoint_key").orElse(null);
      if (key == null) {
        key = random() + random();
        tx.meta().put("checkpoint_key", key);
      }
      return new StoreIdentity(id, epoch, HexFormat.of().parseHex(key));
    });
  }

  /** Starts a new epoch: after a restore, every checkpoint issued before it is reset. */
  public static StoreIdentity newEpoch(Store store) {
    store.write(tx -> {
      tx.meta().put("epoch", random());
      return null;
    });
    return of(store);
  }

  private static String random() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
