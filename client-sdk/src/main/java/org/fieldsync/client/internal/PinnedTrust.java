package org.fieldsync.client.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.client.SdkErrorCodes;

/**
 * TLS trust by public-key pin: the server's leaf certificate must carry the pinned key. A plain
 * {@link X509TrustManager} (not the extended one), so the JDK still checks the host name.
 */
final class PinnedTrust implements X509TrustManager {
  private final byte[] pin;

  private PinnedTrust(String pinBase64) {
    this.pin = decode(pinBase64);
  }

  /**
   * The pin's 32 bytes.
   *
   * @throws FieldSyncException {@code client.config.invalid} if it is not a base64 SHA-256
   */
  static byte[] decode(String pinBase64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(pinBase64.startsWith("sha256/")
          ? pinBase64.substring(7) : pinBase64);
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length != 32) {
      throw new FieldSyncException(SdkErrorCodes.CONFIG_INVALID, "a public-key pin is the base64"
          + " SHA-256 of the server's key (the sha256/... value it logs at start)");
    }
    return raw;
  }

  static SSLContext context(String pinBase64) {
    try {
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, new TrustManager[] {new PinnedTrust(pinBase64)}, null);
      return c;
    } catch (GeneralSecurityException e) {
      throw new FieldSyncException(SdkErrorCodes.TRANSPORT_UNTRUSTED, "TLS is not available on"
          + " this platform: " + e.getMessage(), List.of(), false, e);
    }
  }

  /** The pin of a certificate's public key: base64 SHA-256 of its SubjectPublicKeyInfo. */
  static String pinOf(X509Certificate c) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(c.getPublicKey().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new FieldSyncException(SdkErrorCodes.CONFIG_INVALID, "this Java runtime has no"
          + " SHA-256: " + e.getMessage(), List.of(), false, e);
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server sent no certificate");
    }
    chain[0].checkValidity();
    byte[] actual = Base64.getDecoder().decode(pinOf(chain[0]));
    if (!MessageDigest.isEqual(actual, pin)) {
      throw new CertificateException("the server's key does not match the pinned key");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("this trust manager only checks servers");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
