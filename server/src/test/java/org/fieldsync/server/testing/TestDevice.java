package org.fieldsync.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fieldsync.protocol.Hlc;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.PushSignatures;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.wire.LoginRequest;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.protocol.wire.RefreshRequest;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.store.Store;

/**
 * A device enrolled the real way (a code issued for the user, then {@code POST
 * /api/v1/devices/enrol} with a fresh Ed25519 key), for tests that push at protocol level.
 */
public final class TestDevice {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final String deviceId;
  private final String username;
  private final Ed25519PrivateKeyParameters key;
  private final int port;

  private TestDevice(String deviceId, String username, Ed25519PrivateKeyParameters key,
      int port) {
    this.deviceId = deviceId;
    this.username = username;
    this.key = key;
    this.port = port;
  }

  /** Enrols a new device for {@code username} on the server at {@code port}. */
  public static TestDevice enrol(Store store, int port, String username, String deviceId) {
    String userId = store.read(tx -> tx.directory().userByUsername(username).orElseThrow().id());
    // Valid whatever clock the test runs the server on (some fix it years away): enrolment's
    // expiry is tested on its own, this fixture only needs an enrolled device.
    long tenYears = 10L * 365 * 24 * 3600 * 1000;
    String code = store.write(tx -> DeviceRegistry.issueCode(tx, userId, "u-gus",
        System.currentTimeMillis() - tenYears, 2 * tenYears));
    Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(new SecureRandom());
    try {
      RawHttp.Response r = RawHttp.send(port, "POST", "/api/v1/devices/enrol",
          Map.of("Content-Type", "application/json"), ProtocolCodec.encodeToString(Map.of(
              "code", code, "deviceId", deviceId, "name", "test tablet",
              "publicKey", B64.encodeToString(k.generatePublicKey().getEncoded()))));
      if (r.status() != 201) {
        throw new IllegalStateException("enrolment failed: " + r.status() + " " + r.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new TestDevice(deviceId, username, k, port);
  }

  public String deviceId() {
    return deviceId;
  }

  /** Signs in as the device's user from this device: a token that may sync. */
  public String login() {
    return loginResponse().get("token").asText();
  }

  /** Signs in from this device: the whole answer (token, refresh token, user). */
  public JsonNode loginResponse() {
    try {
      RawHttp.Response r = RawHttp.send(port, "POST", "/api/v1/auth/login",
          Map.of("Content-Type", "application/json"), ProtocolCodec.encodeToString(Map.of(
              "username", username, "password", "demo-password-1", "deviceId", deviceId)));
      if (r.status() != 200) {
        throw new IllegalStateException("login failed: " + r.status() + " " + r.body());
      }
      return ProtocolCodec.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A sign-in body from this device, signed with its key at {@code signedAt} (protocol 8.1b).
   */
  public String signedLoginBody(String password, long signedAt) {
    return ProtocolCodec.encodeToString(new LoginRequest(username, password, deviceId, signedAt,
        signBytes(LoginRequest.signingBytes(deviceId, username, signedAt))));
  }

  /** This device's signature of any bytes, base64url. */
  public String signBytes(byte[] payload) {
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    s.update(payload, 0, payload.length);
    return B64.encodeToString(s.generateSignature());
  }

  /** A refresh body for {@code refreshToken}, signed by this device. */
  public String refreshBody(String refreshToken) {
    return ProtocolCodec.encodeToString(new RefreshRequest(
        refreshToken, deviceId, signBytes(RefreshRequest
            .signingBytes(deviceId, refreshToken))));
  }

  /**
   * This device's copy of a revision: its device id, and its clock's node (neither is part of the
   * rev). A revision whose HLC does not parse keeps it, for tests of hostile input.
   */
  public Revision own(Revision r) {
    String hlc = r.hlc();
    if (Hlc.isValid(hlc)) {
      Hlc h = Hlc.parse(hlc);
      hlc = new Hlc(h.wallMillis(), h.counter(), deviceId).toString();
    }
    return new Revision(r.id(), r.type(), r.caseId(), r.childIds(), r.rev(), r.parentRev(),
        r.deleted(), r.schemaVersion(), r.authorId(), deviceId, hlc, r.body());
  }

  public String sign(Revision r) {
    return signBytes(Revisions.signingBytes(r));
  }

  /** The device's raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return key.generatePublicKey().getEncoded();
  }

  /** A push body signed once: the revisions, made this device's, and one root signature. */
  public String pushBodySignedOnce(List<Revision> revisions) {
    List<Revision> own = revisions.stream().map(this::own).toList();
    return ProtocolCodec.encodeToString(new PushRequest(deviceId, own, List.of(),
        signBytes(PushSignatures.tree(deviceId, own).toSign())));
  }

  /** A push body: the revisions, made this device's, each signed. */
  public String pushBody(List<Revision> revisions) {
    List<Revision> own = new ArrayList<>();
    List<String> sigs = new ArrayList<>();
    for (Revision r : revisions) {
      Revision o = r == null ? null : own(r);
      own.add(o);
      sigs.add(o == null ? null : sign(o));
    }
    return ProtocolCodec.encodeToString(new PushRequest(deviceId, own, sigs));
  }
}
