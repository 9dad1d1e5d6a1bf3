package org.fieldsync.client.internal.store;

import org.fieldsync.client.FieldSyncException;

/**
 * A local database failure, as the SDK's one exception type with code {@code store.failed}. The
 * message says exactly what failed (which library, which file, which operation).
 */
public final class LocalStoreException extends FieldSyncException {
  private static final long serialVersionUID = 1L;

  public LocalStoreException(String message, Throwable cause) {
    super(STORE_FAILED, message, java.util.List.of(), false, cause);
  }
}
