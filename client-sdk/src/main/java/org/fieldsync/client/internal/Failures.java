package org.fieldsync.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;
import org.fieldsync.client.spi.Transport;
import org.fieldsync.protocol.ErrorCodes;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.ProtocolException;
import org.fieldsync.protocol.wire.Problem;

/**
 * Turns what the network and the server gave into the SDK's one exception: the server's problem
 * code and message, its {@code Retry-After}, and an honest {@code mayHaveReachedServer} (false
 * only when the request certainly never left: the connection was refused, timed out opening, or
 * the TLS handshake failed).
 */
final class Failures {
  private Failures() {}

  /** The value of a 2xx answer; a problem answer becomes its exception. */
  static <T> T decode(Transport.Response r, Class<T> type) {
    if (r.status() / 100 == 2) {
      try {
        return ProtocolCodec.decode(r.body(), type);
      } catch (ProtocolException e) {
        throw new FieldSyncException(SdkErrorCodes.RESPONSE_UNREADABLE, "the server's answer"
            + " could not be read (" + e.code() + "): " + e.getMessage(), List.of(), true, e);
      }
    }
    throw problem(r);
  }

  static FieldSyncException problem(Transport.Response r) {
    Problem p;
    try {
      p = ProtocolCodec.decode(r.body(), Problem.class);
    } catch (ProtocolException e) {
      p = Problem.of(r.status() >= 500 ? ErrorCodes.SERVER_UNAVAILABLE
          : ErrorCodes.REQUEST_BODY_INVALID, "HTTP " + r.status());
    }
    String code = p.code() == null ? "http." + r.status() : p.code();
    return new FieldSyncException(code, p.message() == null ? "HTTP " + r.status() : p.message(),
        p.errors(), r.status() >= 500, retryAfter(r), null);
  }

  /** {@code Retry-After} in seconds (the only form the server and common proxies send). */
  private static Duration retryAfter(Transport.Response r) {
    String v = r.header("Retry-After");
    if (v == null || !v.trim().matches("[0-9]{1,9}")) {
      return null;
    }
    return Duration.ofSeconds(Long.parseLong(v.trim()));
  }

  /** A request that got no answer. */
  static FieldSyncException unavailable(URI target, IOException e, boolean isWrite) {
    String where = target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort());
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLHandshakeException) {
        return new FieldSyncException(SdkErrorCodes.TRANSPORT_UNTRUSTED, "the certificate of the"
            + " server at " + where + " is not trusted: " + t.getMessage(), List.of(), false, e);
      }
    }
    boolean neverOpened = neverOpened(e);
    return new FieldSyncException(SdkErrorCodes.TRANSPORT_UNAVAILABLE, "the server at " + where
        + " could not be reached: " + cause(e), List.of(), !neverOpened && isWrite, e);
  }

  /** Whether the connection never opened, so nothing of the request can have arrived. */
  static boolean neverOpened(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException
          || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  /** The most specific reason in the chain, e.g. "the connection was refused or could not open". */
  private static String cause(Throwable e) {
    Throwable deepest = e;
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "connecting timed out (" + t.getClass().getSimpleName() + ")";
      }
      if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        return "the host name is unknown (" + t.getClass().getSimpleName() + ")";
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "the connection was refused or could not open (" + t.getClass().getSimpleName()
            + (t.getMessage() == null ? "" : ": " + t.getMessage()) + ")";
      }
      deepest = t;
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    String kind = deepest.getClass().getSimpleName();
    return message == null ? kind : message + " (" + kind + ")";
  }
}
