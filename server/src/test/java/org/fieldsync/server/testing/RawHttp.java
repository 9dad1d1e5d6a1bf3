package org.fieldsync.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, sending the request line exactly as
 * given: for hostile paths (bad percent-encoding, dot segments) that well-behaved clients refuse
 * to send.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * A response.
   *
   * @param status status code
   * @param headers header names in lower case
   * @param body body text (chunked bodies decoded)
   */
  public record Response(int status, Map<String, String> headers, String body) {}

  public static Response send(int port, String method, String target, Map<String, String> headers,
      String body) throws IOException {
    return sendFrom("127.0.0.1", port, method, target, headers, body);
  }

  /**
   * As {@link #send}, from the local address {@code from} (any of 127.0.0.0/8 on Linux): the
   * server sees each as a different client address, as it would see two offices.
   */
  public static Response sendFrom(String from, int port, String method, String target,
      Map<String, String> headers, String body) throws IOException {
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    try (Socket s = new Socket(InetAddress.getByName("127.0.0.1"), port,
        InetAddress.getByName(from), 0)) {
      s.setSoTimeout(30_000);
      StringBuilder req = new StringBuilder();
      req.append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: 127.0.0.1:").append(port).append("\r\n")
          .append("Connection: close\r\n");
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        req.append("Content-Length: ").append(payload.length).append("\r\n");
      }
      req.append("\r\n");
      OutputStream out = s.getOutputStream();
      try {
        out.write(req.toString().getBytes(StandardCharsets.UTF_8));
        out.write(payload);
        out.flush();
      } catch (IOException earlyAnswer) {
        // The server may answer (413, 415) and close before reading a large body: read it.
      }
      byte[] all = readAll(s.getInputStream());
      String text = new String(all, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        throw new IOException("no complete response head: " + text);
      }
      String[] lines = text.substring(0, end).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> h = new HashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int c = lines[i].indexOf(':');
        if (c > 0) {
          h.put(lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(c + 1).trim());
        }
      }
      byte[] rest = Arrays.copyOfRange(all, end + 4, all.length);
      if ("chunked".equalsIgnoreCase(h.get("transfer-encoding"))) {
        rest = dechunk(rest);
      }
      return new Response(status, h, new String(rest, StandardCharsets.UTF_8));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toByteArray();
  }

  private static byte[] dechunk(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < data.length) {
      int lineEnd = indexOf(data, i);
      if (lineEnd < 0) {
        break;
      }
      String sizeText = new String(data, i, lineEnd - i, StandardCharsets.ISO_8859_1).trim();
      int semi = sizeText.indexOf(';');
      int size = Integer.parseInt(semi >= 0 ? sizeText.substring(0, semi) : sizeText, 16);
      if (size == 0) {
        break;
      }
      out.write(data, lineEnd + 2, Math.min(size, data.length - lineEnd - 2));
      i = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] data, int from) {
    for (int i = from; i + 1 < data.length; i++) {
      if (data[i] == '\r' && data[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
