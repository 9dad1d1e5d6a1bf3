package org.fieldsync.client.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.function.UnaryOperator;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncBuilder;
import org.fieldsync.protocol.ProtocolCodec;

/**
 * Scripts the server's side of enrolment and sign-in on a {@link FakeServer}, and enrols a real
 * FieldSync (real Couchbase Lite in a temporary folder) against it; plus ready-made answers for
 * push and pull. Every name and id here is invented.
 */
public final class FakeTablet {
  public static final String PIN = "2468";
  private static final byte[] LEASE_KEY = new byte[32];

  static {
    new SecureRandom().nextBytes(LEASE_KEY);
  }

  private FakeTablet() {}

  /** A sign-in answer with this access token and refresh token. */
  public static FakeResponse login(String token, String refreshToken) {
    return FakeResponse.json(200, "{\"token\":\"" + token + "\",\"tokenType\":\"Bearer\","
        + "\"expiresInSeconds\":900,\"user\":{\"id\":\"u-alice\",\"username\":\"fw.alice\","
        + "\"displayName\":\"Alice Penrose\",\"roles\":[\"family_worker\"],"
        + "\"teamId\":\"team-dw\"},\"refreshToken\":"
        + (refreshToken == null ? "null" : "\"" + refreshToken + "\"") + "}");
  }

  /** An empty, caught-up changes page. */
  public static FakeResponse caughtUp() {
    return FakeResponse.json(200, "{\"changes\":[],\"checkpoint\":\"cp-1\",\"hasMore\":false}");
  }

  /** Accepts every revision of the push it answers. */
  public static FakeResponse acceptAll(RecordedRequest push) {
    StringBuilder b = new StringBuilder("{\"outcomes\":[");
    int seq = 1;
    for (JsonNode r : ProtocolCodec.readTree(push.bodyText()).get("revisions")) {
      if (seq > 1) {
        b.append(',');
      }
      b.append("{\"id\":\"").append(r.get("id").asText()).append("\",\"rev\":\"")
          .append(r.get("rev").asText()).append("\",\"outcome\":\"accepted\",\"seq\":")
          .append(seq++).append('}');
    }
    return FakeResponse.json(200, b.append("]}").toString());
  }

  /**
   * Scripts enrolment, sign-in (token {@code t-1}, refresh token {@code rt-1}), leases, an
   * accepting push and a caught-up pull on {@code fake}.
   */
  public static void script(FakeServer fake) {
    fake.always("POST /api/v1/devices/enrol", FakeResponse.json(200, "{}"));
    fake.always("POST /api/v1/auth/login", login("t-1", "rt-1"));
    fake.always("POST /api/v1/devices/lease", FakeResponse.json(200, "{\"leaseKey\":\""
        + Base64.getEncoder().encodeToString(LEASE_KEY) + "\",\"expiresAt\":"
        + (System.currentTimeMillis() + Duration.ofDays(14).toMillis()) + "}"));
    fake.always("POST /api/v1/sync/push", FakeTablet::acceptAll);
    fake.always("GET /api/v1/sync/changes", caughtUp());
  }

  /** A builder for a tablet on {@code fake}: cheap PIN cost, short backoff and timeouts. */
  public static FieldSyncBuilder builder(String url, Path dir) {
    return FieldSync.builder().serverUrl(url).dataDir(dir)
        .credentials(() -> new Credentials("fw.alice", "demo-password-1"))
        .pin(PIN.toCharArray()).pinCost(1024, 1)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  /** A tablet enrolled on {@code fake} (scripted first), with the builder adjusted by {@code b}. */
  public static FieldSync enrolled(FakeServer fake, Path dir, UnaryOperator<FieldSyncBuilder> b) {
    script(fake);
    FieldSync fs = b.apply(builder(fake.url(), dir)).build();
    fs.enrol("FAKE-CODE-1", "Fake tablet");
    return fs;
  }
}
