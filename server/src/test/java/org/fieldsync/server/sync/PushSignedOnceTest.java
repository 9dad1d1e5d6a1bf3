package org.fieldsync.server.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.fieldsync.protocol.ProtocolCodec;
import org.fieldsync.protocol.PushSignatures;
import org.fieldsync.protocol.Revision;
import org.fieldsync.protocol.wire.PushRequest;
import org.fieldsync.server.store.RevisionRepo;
import org.fieldsync.server.testing.Api;
import org.fieldsync.server.testing.Revs;
import org.fieldsync.server.testing.TestDevice;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push signed once (decision 0037): the server checks one signature of the revisions' Merkle
 * root, keeps each revision's proof, and every stored revision verifies alone with the device's
 * key; a root that does not verify refuses the whole push, as today's per-revision check does.
 */
class PushSignedOnceTest {
  @TempDir Path tmp;

  @Test
  void aPushSignedOnceIsStoredWithProofsThatEachVerifyAloneAndABadRootRefusesAll()
      throws Exception {
    try (TestServer server = TestServer.start(tmp)) {
      TestDevice alice = TestDevice.enrol(server.store(), server.port(), "fw.alice", "tab-a");
      Api api = new Api(server.port());
      String token = alice.login();
      List<Revision> revs = new ArrayList<>();
      for (int i = 0; i < 5; i++) { // odd: one node moves up unpaired
        revs.add(alice.own(Revs.newVisit("case-0001", List.of("child-0001"), "u-alice",
            "tab-a", 1 + i, "Seen at home, visit " + i + ".")));
      }
      JsonNode answer = Api.json(api.send("POST", "/api/v1/sync/push", token,
          alice.pushBodySignedOnce(revs)));
      for (JsonNode o : answer.get("outcomes")) {
        assertEquals("accepted", o.get("outcome").asText(), o.toString());
      }
      var key = new Ed25519PublicKeyParameters(alice.publicKey(), 0);
      for (Revision r : revs) {
        RevisionRepo.DeviceSignature kept = server.store().read(tx ->
            tx.revisions().deviceSignature(r.id(), r.rev())).orElseThrow();
        assertNotNull(kept.proof(), "a revision signed in a tree keeps its proof");
        byte[] signed = PushSignatures.signedBytes("tab-a", r, kept.proof());
        assertTrue(verifies(key, signed, kept.signature()), "verifies alone: " + r.id());
        Revision altered = new Revision(r.id(), r.type(), r.caseId(), r.childIds(), r.rev(),
            r.parentRev(), r.deleted(), r.schemaVersion() + 1, r.authorId(), r.deviceId(),
            r.hlc(), r.body());
        assertFalse(verifies(key, PushSignatures.signedBytes("tab-a", altered, kept.proof()),
            kept.signature()), "an altered revision does not verify");
      }

      List<Revision> next = List.of(
          alice.own(Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "tab-a", 10,
              "First.")),
          alice.own(Revs.newVisit("case-0001", List.of("child-0001"), "u-alice", "tab-a", 11,
              "Second.")));
      // Signed over the first revision only: the root of the push it arrives in differs.
      String wrong = alice.signBytes(PushSignatures.tree("tab-a", next.subList(0, 1)).toSign());
      JsonNode refused = Api.json(api.send("POST", "/api/v1/sync/push", token,
          ProtocolCodec.encodeToString(new PushRequest("tab-a", next, List.of(), wrong))));
      for (JsonNode o : refused.get("outcomes")) {
        assertEquals("rejected", o.get("outcome").asText(), o.toString());
        assertEquals("revision.signature.invalid", o.at("/error/code").asText(), o.toString());
      }
      for (Revision r : next) {
        assertTrue(server.store().read(tx -> tx.revisions().revision(r.id(), r.rev()))
            .isEmpty(), "nothing stored");
      }
    }
  }

  private static boolean verifies(Ed25519PublicKeyParameters key, byte[] payload, String sig) {
    Ed25519Signer v = new Ed25519Signer();
    v.init(false, key);
    v.update(payload, 0, payload.length);
    return v.verifySignature(Base64.getUrlDecoder().decode(sig));
  }
}
