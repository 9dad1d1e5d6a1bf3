package org.fieldsync.server.http;

import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The request id: taken from an incoming {@code X-Request-Id} when it is a sane token (1 to 64 of
 * {@code A-Z a-z 0-9 . _ -}), so one id follows a request through a proxy; otherwise a new UUID.
 * It is echoed in the response header, named in every problem body, and put in the SLF4J MDC
 * (key {@value #MDC_KEY}) while code of the request runs, so every log line carries it.
 *
 * <p>Vert.x runs a request's code in pieces, on an event loop and on workers, and each thread
 * serves other requests in between. So the id is never left in a thread's MDC: it is set around
 * each piece ({@link #enter}, {@link #carry}) and the previous value restored after.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  /** The MDC key; logback's JSON encoder prints it under {@code mdc}. */
  public static final String MDC_KEY = "requestId";
  /** The routing context key. */
  static final String KEY = "requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private RequestIds() {}

  /** The first handler on every route: assigns the id, then runs the chain with it in the MDC. */
  static void assign(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : fresh();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    try (Scope s = enter(ctx)) {
      ctx.next();
    }
  }

  /**
   * A random (version 4) UUID from a thread-local generator: an id to find a request's log
   * lines by, never a secret, so it need not cost the event loop a read of the system's secure
   * random source ({@code UUID.randomUUID()} does).
   */
  static String fresh() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  /** This request's id ({@code "none"} before one was assigned). */
  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "none" : id;
  }

  /** Puts this request's id in the MDC until the scope closes. */
  public static Scope enter(RoutingContext ctx) {
    return enter((String) ctx.get(KEY));
  }

  private static Scope enter(String id) {
    String previous = MDC.get(MDC_KEY);
    if (id == null) {
      MDC.remove(MDC_KEY);
    } else {
      MDC.put(MDC_KEY, id);
    }
    return () -> {
      if (previous == null) {
        MDC.remove(MDC_KEY);
      } else {
        MDC.put(MDC_KEY, previous);
      }
    };
  }

  /** {@code work}, to run on another thread with this request's id in the MDC. */
  public static <T> Callable<T> carry(RoutingContext ctx, Callable<T> work) {
    String id = ctx.get(KEY);
    return () -> {
      try (Scope s = enter(id)) {
        return work.call();
      }
    };
  }

  /** {@code work}, to run later on the event loop with this request's id in the MDC. */
  public static Runnable carry(RoutingContext ctx, Runnable work) {
    String id = ctx.get(KEY);
    return () -> {
      try (Scope s = enter(id)) {
        work.run();
      }
    };
  }

  /** While open, the MDC names one request. */
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
