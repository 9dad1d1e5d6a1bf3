package org.fieldsync.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldsync.protocol.ProtocolCodec;
import java.util.concurrent.ExecutorService;

/**
 * A case management system's export receiver, as a test fixture: a real HTTP server that fails
 * a share of requests at random (503), answers slowly, can be restarted on the same port, and
 * verifies every request's RFC 9421 signature with the JDK's own Ed25519 (not the server's
 * Bouncy Castle signer) against the public key the server publishes. It dedups by idempotency
 * key, as a receiver must, and notes any record whose revisions arrive out of order.
 */
public final class FlakyReceiver implements AutoCloseable {
  private static final Pattern INPUT = Pattern.compile(
      "([a-z0-9-]+)=\\(([^)]*)\\);created=(\\d+);keyid=\"([^\"]*)\";alg=\"([^\"]*)\"");
  private final PublicKey key;
  private final String keyId;
  private final double failRate;
  private final int maxDelayMillis;
  private final Random random;
  private final Object lock = new Object();
  private final Map<String, JsonNode> accepted = new LinkedHashMap<>();
  private final Map<String, Long> lastSeq = new HashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger failed = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final Map<String, Long> receivedAt = new HashMap<>();
  private HttpServer server;
  private int port;

  /**
   * A receiver.
   *
   * @param publicKeyBase64url the server's raw Ed25519 public key, as GET /server-key gives it
   * @param keyId the key id it gives
   * @param failRate share of requests answered 503
   * @param maxDelayMillis each answer waits up to this long
   * @param seed the randomness, fixed so a failure can be repeated
   */
  public FlakyReceiver(String publicKeyBase64url, String keyId, double failRate,
      int maxDelayMillis, long seed) throws Exception {
    byte[] raw = Base64.getUrlDecoder().decode(publicKeyBase64url);
    byte[] spki = new byte[12 + raw.length];
    byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    System.arraycopy(prefix, 0, spki, 0, 12);
    System.arraycopy(raw, 0, spki, 12, raw.length);
    this.key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    this.keyId = keyId;
    this.failRate = failRate;
    this.maxDelayMillis = maxDelayMillis;
    this.random = new Random(seed);
  }

  /** Starts listening (on the same port as before, after a {@link #stop()}). */
  public synchronized FlakyReceiver start() throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        break;
      } catch (BindException e) {
        if (attempt > 200) {
          throw e;
        }
        Thread.onSpinWait();
      }
    }
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
    return this;
  }

  /** Stops at once: requests in flight lose their answers. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      ((ExecutorService) server.getExecutor()).shutdownNow();
      server = null;
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/fieldsync/exports";
  }

  private void handle(HttpExchange x) throws IOException {
    requests.incrementAndGet();
    byte[] body;
    try (InputStream in = x.getRequestBody()) {
      body = in.readAllBytes();
    }
    int delay;
    boolean fail;
    synchronized (random) {
      delay = random.nextInt(maxDelayMillis + 1);
      fail = random.nextDouble() < failRate;
    }
    try {
      Thread.sleep(delay); // the receiver is slow; this is its behaviour, not a test's wait
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (fail) {
      failed.incrementAndGet();
      answer(x, 503, "try later");
      return;
    }
    String why = verify(x, body);
    if (why != null) {
      synchronized (lock) {
        problems.add("signature: " + why);
      }
      answer(x, 401, why);
      return;
    }
    JsonNode m = ProtocolCodec.readTree(new String(body, StandardCharsets.UTF_8));
    String k = m.get("idempotencyKey").asText();
    synchronized (lock) {
      if (accepted.containsKey(k)) {
        duplicates.incrementAndGet();
      } else {
        String record = m.get("record").get("id").asText();
        long seq = m.get("record").get("serverSeq").asLong();
        Long last = lastSeq.get(record);
        if (last != null && last >= seq) {
          problems.add("out of order: " + k + " after seq " + last);
        }
        lastSeq.put(record, seq);
        accepted.put(k, m);
        receivedAt.put(k, System.currentTimeMillis());
      }
    }
    answer(x, 200, "{\"received\":\"" + k + "\"}");
  }

  /** Null when the request's signature and digest verify; else what is wrong. */
  private String verify(HttpExchange x, byte[] body) {
    try {
      String digest = x.getRequestHeaders().getFirst("Content-Digest");
      String expect = "sha-256=:" + Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(body)) + ":";
      if (!expect.equals(digest)) {
        return "content-digest does not match the body";
      }
      String input = x.getRequestHeaders().getFirst("Signature-Input");
      String sig = x.getRequestHeaders().getFirst("Signature");
      Matcher m = input == null ? null : INPUT.matcher(input);
      if (m == null || !m.matches() || sig == null || !sig.startsWith(m.group(1) + "=:")) {
        return "no signature";
      }
      if (!m.group(4).equals(keyId) || !m.group(5).equals("ed25519")) {
        return "unknown key or algorithm";
      }
      StringBuilder base = new StringBuilder();
      for (String c : m.group(2).split(" ")) {
        String name = c.replace("\"", "");
        String v = switch (name) {
          case "@method" -> x.getRequestMethod();
          case "@target-uri" -> "http://127.0.0.1:" + port + x.getRequestURI();
          default -> x.getRequestHeaders().getFirst(name);
        };
        base.append('"').append(name).append("\": ").append(v).append('\n');
      }
      base.append("\"@signature-params\": ").append(input.substring(m.group(1).length() + 1));
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(base.toString().getBytes(StandardCharsets.US_ASCII));
      byte[] raw = Base64.getDecoder().decode(sig.substring(m.group(1).length() + 2,
          sig.length() - 1));
      return s.verify(raw) ? null : "the signature does not verify";
    } catch (Exception e) {
      return "cannot verify: " + e;
    }
  }

  private static void answer(HttpExchange x, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  /** Messages accepted, by idempotency key, in the order they were first accepted. */
  public Map<String, JsonNode> accepted() {
    synchronized (lock) {
      return new LinkedHashMap<>(accepted);
    }
  }

  /** When each key was first accepted (wall clock ms), for lag figures. */
  public Map<String, Long> receivedAt() {
    synchronized (lock) {
      return new HashMap<>(receivedAt);
    }
  }

  /** Bad signatures and out-of-order revisions seen; empty when all was well. */
  public List<String> problems() {
    synchronized (lock) {
      return new ArrayList<>(problems);
    }
  }

  public int requests() {
    return requests.get();
  }

  public int failed() {
    return failed.get();
  }

  public int duplicates() {
    return duplicates.get();
  }

  @Override
  public void close() {
    stop();
  }
}
