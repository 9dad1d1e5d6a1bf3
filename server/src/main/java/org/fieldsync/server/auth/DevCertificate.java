package org.fieldsync.server.auth;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.fieldsync.protocol.Digests;
import org.fieldsync.server.store.DataFolder;

/**
 * A self-signed TLS certificate for development, made with Bouncy Castle on first run and kept
 * in the data folder: EC P-256, for {@code localhost} and {@code 127.0.0.1}, valid one year. Its
 * public-key pin is what a dev tablet pins.
 */
public final class DevCertificate {
  public static final String CERT_FILE = "tls-cert.pem";
  public static final String KEY_FILE = "tls-key.pem";

  private DevCertificate() {}

  /** Creates the certificate and key in {@code dataDir} unless both exist; returns the paths. */
  public static Path[] ensure(Path dataDir) throws IOException {
    Path cert = dataDir.resolve(CERT_FILE);
    Path key = dataDir.resolve(KEY_FILE);
    if (Files.exists(cert) && Files.exists(key)) {
      DataFolder.ownerOnlyIfPresent(cert);
      DataFolder.ownerOnlyIfPresent(key);
      return new Path[] {cert, key};
    }
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair kp = g.generateKeyPair();
      X500Name name = new X500Name("CN=localhost, O=FieldSync development");
      Instant now = Instant.now();
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
          new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
          Date.from(now.plus(Duration.ofDays(365))), name, kp.getPublic());
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
          new GeneralName[] {new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
      X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA")
          .setProvider(new BouncyCastleProvider()).build(kp.getPrivate()));
      DataFolder.writeSecret(cert, pem("CERTIFICATE", holder.getEncoded()));
      DataFolder.writeSecret(key, pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
      return new Path[] {cert, key};
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("cannot create the development certificate: " + e.getMessage(), e);
    }
  }

  /** The SHA-256 of a PEM certificate's public key (SubjectPublicKeyInfo), base64: its pin. */
  public static String publicKeyPin(Path certPem) throws IOException {
    try (var in = Files.newInputStream(certPem)) {
      X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(in);
      return Base64.getEncoder().encodeToString(Digests.sha256(c.getPublicKey().getEncoded()));
    } catch (Exception e) {
      throw new IOException("cannot read certificate " + certPem + ": " + e.getMessage(), e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
