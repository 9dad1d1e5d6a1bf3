package org.fieldsync.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.auth.DevCertificate;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS as a real TLS client sees it, against a server started with {@code --tls-self-signed}:
 * the JDK's own {@link SSLSocket}, offering exactly one protocol and one cipher suite at a time.
 */
class TlsTransportTest {
  /** The CBC suites an outside scan found the server accepting over TLS 1.2. */
  private static final List<String> CBC = List.of(
      "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384");

  @TempDir static Path tmp;
  private static TestServer server;
  private static SSLContext trusting;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(tmp.resolve("data"),
        ServerConfig.builder().tlsSelfSigned(true).build());
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(
        server.dataDir().resolve(DevCertificate.CERT_FILE))) {
      trust.setCertificateEntry("dev", CertificateFactory.getInstance("X.509")
          .generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, tmf.getTrustManagers(), null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SSLSocket connect(String protocol, String suite) throws Exception {
    SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1",
        server.port());
    s.setSoTimeout(30_000);
    s.setEnabledProtocols(new String[] {protocol});
    s.setEnabledCipherSuites(new String[] {suite});
    s.startHandshake();
    return s;
  }

  @Test
  void tls12OffersNoCbcSuite() {
    for (String suite : CBC) {
      assertThrows(SSLException.class, () -> connect("TLSv1.2", suite).close(), suite);
    }
  }

  @Test
  void tls12WithAnAeadSuiteAndTls13StillConnect() throws Exception {
    for (String suite : List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")) {
      try (SSLSocket s = connect("TLSv1.2", suite)) {
        assertEquals(suite, s.getSession().getCipherSuite());
      }
    }
    try (SSLSocket s = connect("TLSv1.3", "TLS_AES_128_GCM_SHA256")) {
      assertEquals("TLSv1.3", s.getSession().getProtocol());
    }
  }

  @Test
  void httpsAnswersCarryStrictTransportSecurity() throws Exception {
    for (String path : List.of("/api/v1/health", "/admin/", "/api/v1/sync/changes")) {
      String head = head(path);
      assertTrue(head.contains("\r\nstrict-transport-security: max-age=31536000"), head);
      assertTrue(head.contains("\r\nx-content-type-options: nosniff"), head);
    }
  }

  /** The response head of a GET over TLS 1.3, header names in lower case. */
  private static String head(String path) throws Exception {
    try (SSLSocket s = connect("TLSv1.3", "TLS_AES_256_GCM_SHA384")) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      String head = all.substring(0, all.indexOf("\r\n\r\n") + 2);
      StringBuilder b = new StringBuilder();
      for (String line : head.split("\r\n")) {
        int c = line.indexOf(':');
        b.append(c < 0 ? line : line.substring(0, c).toLowerCase(Locale.ROOT)
            + line.substring(c)).append("\r\n");
      }
      return b.toString();
    }
  }
}
