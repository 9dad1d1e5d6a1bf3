package org.fieldsync.server.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import org.fieldsync.server.store.Notifications;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.CurrentHook;

/**
 * A {@link Store} that times every transaction ({@code fieldsync_store_seconds}, by
 * {@code op} read or write and {@code outcome} ok or error): the store's latency as the server
 * sees it, waiting for the writer lock included.
 */
final class MeteredStore implements Store {
  private final Store store;
  private final Timer readOk;
  private final Timer readError;
  private final Timer writeOk;
  private final Timer writeError;

  MeteredStore(Store store, MeterRegistry registry) {
    this.store = store;
    this.readOk = timer(registry, "read", "ok");
    this.readError = timer(registry, "read", "error");
    this.writeOk = timer(registry, "write", "ok");
    this.writeError = timer(registry, "write", "error");
  }

  private static Timer timer(MeterRegistry r, String op, String outcome) {
    return Timer.builder("fieldsync.store").description("store transactions, as the server waits"
        + " for them").tag("op", op).tag("outcome", outcome).register(r);
  }

  @Override
  public <T> T write(TxWork<T> work) {
    long t0 = System.nanoTime();
    try {
      T out = store.write(work);
      writeOk.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      return out;
    } catch (RuntimeException e) {
      writeError.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      throw e;
    }
  }

  @Override
  public <T> T read(TxWork<T> work) {
    long t0 = System.nanoTime();
    try {
      T out = store.read(work);
      readOk.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      return out;
    } catch (RuntimeException e) {
      readError.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
      throw e;
    }
  }

  @Override
  public String kind() {
    return store.kind();
  }

  @Override
  public boolean ready() {
    return store.ready();
  }

  @Override
  public void onCurrent(CurrentHook hook) {
    store.onCurrent(hook);
  }

  @Override
  public Notifications notifications() {
    return store.notifications();
  }

  /** The store underneath, for commands that need its own operations (a backup). */
  Store unwrap() {
    return store;
  }

  @Override
  public void close() {
    store.close();
  }
}
