package org.fieldsync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.PushSignatures;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.Revisions;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.server.FieldSyncServer;
import org.fieldsync.server.auth.DeviceRegistry;
import org.fieldsync.server.demo.DemoData;

/** A simulated tablet enrolled the real way, for protocol-level load. */
final class BenchDevice {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  final String deviceId;
  final String username;
  private final Ed25519PrivateKeyParameters key;

  private BenchDevice(String deviceId, String username, Ed25519PrivateKeyParameters key) {
    this.deviceId = deviceId;
    this.username = username;
    this.key = key;
  }

  /** A one-time code for a demo user, as a sync admin would issue. */
  static String code(FieldSyncServer server, String username) {
    var store = server.store();
    String userId = store.read(tx -> tx.directory().userByUsername(username).orElseThrow().id());
    return store.write(tx -> DeviceRegistry.issueCode(tx, userId, "u-gus",
        System.currentTimeMillis(), 600_000));
  }

  static BenchDevice enrol(HttpClient http, FieldSyncServer server, String username,
      String deviceId) throws Exception {
    Ed25519PrivateKeyParameters k = new Ed25519PrivateKeyParameters(new SecureRandom());
    String body = ProtocolCodec.encodeToString(Map.of("code", code(server, username),
        "deviceId", deviceId, "publicKey", B64.encodeToString(k.generatePublicKey()
            .getEncoded())));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.port() + "/api/v1/devices/enrol")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("enrolment failed: " + r.body());
    }
    return new BenchDevice(deviceId, username, k);
  }

  String login(HttpClient http, String base) throws Exception {
    String body = ProtocolCodec.encodeToString(Map.of("username", username, "password",
        DemoData.PASSWORD, "deviceId", deviceId));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return ProtocolCodec.readTree(r.body()).get("token").asText();
  }

  String sign(Revision r) {
    byte[] payload = Revisions.signingBytes(r);
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    s.update(payload, 0, payload.length);
    return B64.encodeToString(s.generateSignature());
  }

  /** A push signed once, over its revisions' Merkle root, as the SDK sends it. */
  byte[] push(List<Revision> revs) {
    byte[] root = PushSignatures.tree(deviceId, revs).toSign();
    Ed25519Signer s = new Ed25519Signer();
    s.init(true, key);
    s.update(root, 0, root.length);
    return ProtocolCodec.encode(new PushRequest(deviceId, revs, List.of(),
        B64.encodeToString(s.generateSignature())));
  }

  /** A push signed revision by revision, as earlier clients send it. */
  byte[] pushSignedEach(List<Revision> revs) {
    List<String> sigs = new ArrayList<>(revs.size());
    revs.forEach(r -> sigs.add(sign(r)));
    return ProtocolCodec.encode(new PushRequest(deviceId, revs, sigs));
  }
}
