package org.fieldsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy that counts every byte in each direction, so "bytes on the wire" includes
 * HTTP headers, TLS records, WebSocket frames and chunking, not just JSON bodies. Optionally
 * shaped like a slow rural link: each direction delays every byte by half the round-trip time
 * and lets bytes through no faster than the link's rate (a queue drained at that rate, as a
 * modem's buffer is). Bench-only.
 */
final class CountingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "bench-proxy");
    t.setDaemon(true);
    return t;
  });
  private final AtomicLong up = new AtomicLong();
  private final AtomicLong down = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private final long oneWayNanos;
  private final double nanosPerByte;

  CountingProxy(int targetPort) throws IOException {
    this(targetPort, 0, 0);
  }

  /** A proxy shaped to {@code rttMillis} and {@code kbitPerSecond} (0: unshaped). */
  CountingProxy(int targetPort, int rttMillis, int kbitPerSecond) throws IOException {
    this.oneWayNanos = rttMillis * 1_000_000L / 2;
    this.nanosPerByte = kbitPerSecond == 0 ? 0 : 8e9 / (kbitPerSecond * 1000.0);
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    pool.execute(this::acceptLoop);
  }

  int port() {
    return listener.getLocalPort();
  }

  long bytesUp() {
    return up.get();
  }

  long bytesDown() {
    return down.get();
  }

  long connections() {
    return connections.get();
  }

  void reset() {
    up.set(0);
    down.set(0);
    connections.set(0);
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        connections.incrementAndGet();
        pool.execute(() -> pump(client, server, up));
        pool.execute(() -> pump(server, client, down));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Bytes read at a time, to be written once due. */
  private record Chunk(byte[] bytes, long due) {}

  private void pump(Socket from, Socket to, AtomicLong counter) {
    if (oneWayNanos > 0) {
      shapedPump(from, to, counter);
      return;
    }
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        counter.addAndGet(n);
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // Connection closed by either side: nothing to count.
    } finally {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // Already closed.
      }
    }
  }

  /**
   * Reads as bytes come and queues each chunk for when the link would deliver it: serialised at
   * the link's rate after what is already queued, then half a round trip away. The client's
   * first bytes also wait one round trip, for the TCP handshake its loopback connect skipped.
   */
  private void shapedPump(Socket from, Socket to, AtomicLong counter) {
    BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    pool.execute(() -> deliver(queue, to));
    long linkFree = System.nanoTime() + (counter == up ? 2 * oneWayNanos : 0);
    byte[] buf = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        counter.addAndGet(n);
        linkFree = Math.max(linkFree, System.nanoTime()) + (long) (n * nanosPerByte);
        queue.add(new Chunk(Arrays.copyOf(buf, n), linkFree + oneWayNanos));
      }
    } catch (IOException e) {
      // Closed by either side.
    }
    queue.add(new Chunk(null, 0)); // the end, after everything queued
  }

  private static void deliver(BlockingQueue<Chunk> queue, Socket to) {
    try {
      OutputStream out = to.getOutputStream();
      while (true) {
        Chunk c = queue.take();
        if (c.bytes() == null) {
          to.shutdownOutput();
          return;
        }
        long wait = c.due() - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        out.write(c.bytes());
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // Closed, or the bench is ending.
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    pool.shutdownNow();
  }
}
