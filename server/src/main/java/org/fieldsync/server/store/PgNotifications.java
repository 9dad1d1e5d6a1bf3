package org.fieldsync.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Notifications} through PostgreSQL: {@code pg_notify} on a pooled connection to publish,
 * and one dedicated connection per node that LISTENs on channel {@value #CHANNEL} and hands each
 * message to the subscribers on its own daemon thread. When that connection drops it reconnects
 * (backing off to 5 s) and tells subscribers to resync, since NOTIFY keeps nothing for a
 * listener that was away.
 */
final class PgNotifications implements Notifications {
  static final String CHANNEL = "fieldsync_events";
  private static final Logger LOG = LoggerFactory.getLogger(PgNotifications.class);

  private final DataSource pool;
  private final StoreSettings settings;
  private final List<Consumer<String>> handlers = new CopyOnWriteArrayList<>();
  private final List<Runnable> resyncs = new CopyOnWriteArrayList<>();
  private final Thread listener;
  private volatile boolean closed;
  private volatile Connection listening;

  PgNotifications(DataSource pool, StoreSettings settings) {
    this.pool = pool;
    this.settings = settings;
    this.listener = new Thread(this::listen, "fieldsync-pg-listen");
    listener.setDaemon(true);
    listener.start();
  }

  @Override
  public void publish(String payload) {
    try (Connection c = pool.getConnection();
        PreparedStatement p = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      p.setString(1, CHANNEL);
      p.setString(2, payload);
      p.execute();
      c.commit();
    } catch (SQLException e) {
      // A lost notification costs another node a little staleness, never data: log and go on.
      LOG.warn("could not publish a notification: {}", e.getMessage());
    }
  }

  @Override
  public void subscribe(Consumer<String> handler, Runnable onResync) {
    handlers.add(handler);
    resyncs.add(onResync);
  }

  private void listen() {
    long backoff = 100;
    boolean first = true;
    while (!closed) {
      try (Connection c = open()) {
        listening = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        if (!first) {
          LOG.info("listening for notifications again; resyncing");
          resyncs.forEach(PgNotifications::quietly);
        }
        first = false;
        backoff = 100;
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(500);
          if (got == null) {
            continue;
          }
          for (PGNotification n : got) {
            deliver(n.getParameter());
          }
        }
      } catch (SQLException e) {
        if (closed) {
          return;
        }
        LOG.warn("notification connection lost ({}); reconnecting", e.getMessage());
        first = false;
        sleep(backoff);
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  private Connection open() throws SQLException {
    Properties p = new Properties();
    if (settings.user() != null) {
      p.setProperty("user", settings.user());
    }
    if (settings.password() != null) {
      p.setProperty("password", settings.password());
    }
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "fieldsync-listen");
    return DriverManager.getConnection(settings.jdbcUrl(), p);
  }

  private void deliver(String payload) {
    for (Consumer<String> h : handlers) {
      try {
        h.accept(payload);
      } catch (RuntimeException e) {
        LOG.warn("a notification handler failed: {}", e.getMessage());
      }
    }
  }

  private static void quietly(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("a resync failed: {}", e.getMessage());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c = listening;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.debug("closing the notification connection: {}", e.getMessage());
      }
    }
    try {
      listener.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
