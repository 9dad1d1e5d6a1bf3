package org.fieldsync.server.store;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Notifications} inside one process: the embedded store has one node. */
final class LocalNotifications implements Notifications {
  private static final Logger LOG = LoggerFactory.getLogger(LocalNotifications.class);
  private final List<Consumer<String>> handlers = new CopyOnWriteArrayList<>();

  @Override
  public void publish(String payload) {
    for (Consumer<String> h : handlers) {
      try {
        h.accept(payload);
      } catch (RuntimeException e) {
        LOG.warn("a notification handler failed: {}", e.getMessage());
      }
    }
  }

  @Override
  public void subscribe(Consumer<String> handler, Runnable onResync) {
    handlers.add(handler);
  }

  @Override
  public void close() {
    handlers.clear();
  }
}
