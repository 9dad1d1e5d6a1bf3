package org.fieldsync.server.http;

import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.fieldsync.protocol.ErrorCodes;

/**
 * A request body's bytes as sent, undone from their {@code Content-Encoding}. The server decodes
 * gzip itself rather than in the connection's pipeline, so a body that claims gzip and is not gets
 * a problem answer (400 {@code request.body.malformed}) instead of a dropped connection, and the
 * body limit holds for the decompressed bytes (413, so a small bomb is refused like a large body).
 */
final class RequestBodies {
  private static final String DECODED = "fieldsync.body.decoded";

  private RequestBodies() {}

  /** Whether the request's {@code Content-Encoding} is one the server reads (none, gzip). */
  static boolean readable(RoutingContext ctx) {
    String enc = encoding(ctx);
    return enc.isEmpty() || enc.equals("identity") || gzip(enc);
  }

  /** The body, decoded; empty when there is none. Decoded once per request. */
  static byte[] decoded(RoutingContext ctx, long maxBytes) {
    byte[] cached = ctx.get(DECODED);
    if (cached != null) {
      return cached;
    }
    byte[] raw = ctx.body() == null || ctx.body().buffer() == null ? new byte[0]
        : ctx.body().buffer().getBytes();
    byte[] out = raw.length > 0 && gzip(encoding(ctx)) ? gunzip(raw, maxBytes) : raw;
    ctx.put(DECODED, out);
    return out;
  }

  private static byte[] gunzip(byte[] raw, long maxBytes) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 8192)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(raw.length * 4, 1 << 20));
      byte[] buf = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > maxBytes) {
          throw new ApiException(413, ErrorCodes.REQUEST_BODY_TOO_LARGE,
              "the body is larger than " + maxBytes + " bytes once decompressed");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new ApiException(400, ErrorCodes.REQUEST_BODY_MALFORMED,
          "the body says Content-Encoding: gzip but is not valid gzip");
    }
  }

  private static String encoding(RoutingContext ctx) {
    String v = ctx.request().getHeader("Content-Encoding");
    return v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
  }

  private static boolean gzip(String enc) {
    return enc.equals("gzip") || enc.equals("x-gzip");
  }
}
