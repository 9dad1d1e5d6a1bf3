package org.fieldsync.client.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Gzip for HTTP bodies: request bodies compressed, answers inflated with a ceiling. */
final class Gzip {
  private Gzip() {}

  static byte[] compress(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(body);
    } catch (IOException e) {
      // A ByteArrayOutputStream does not fail; the signature says it could.
      throw new UncheckedIOException("gzip in memory failed", e);
    }
    return out.toByteArray();
  }

  /**
   * Inflates a gzip body.
   *
   * @throws IOException when it is cut short or corrupt, or inflates beyond {@code maxBytes}
   */
  static byte[] inflate(byte[] gz, int maxBytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(gz.length * 4);
      byte[] buf = new byte[16 * 1024];
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        if (out.size() + n > maxBytes) {
          throw new IOException("the body inflates beyond " + maxBytes + " bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }
}
