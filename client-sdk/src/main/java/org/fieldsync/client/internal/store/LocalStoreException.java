package org.fieldsync.client.internal.store;

import java.util.List;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;

/**
 * A local database failure, as the SDK's one exception type with code {@code store.failed}. The
 * message says exactly what failed (which library, which file, which operation).
 */
public final class LocalStoreException extends FieldSyncException {
  private static final long serialVersionUID = 1L;

  public LocalStoreException(String message, Throwable cause) {
    super(SdkErrorCodes.STORE_FAILED, message, List.of(), false, cause);
  }
}
