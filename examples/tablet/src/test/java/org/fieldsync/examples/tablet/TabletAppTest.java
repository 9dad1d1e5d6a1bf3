package org.fieldsync.examples.tablet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fieldsync.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example tablet app, driven through its commands (in-process {@code main}-style calls)
 * against a real server on a random port with the demo data: enrol, record every type offline,
 * sync with the server down and back, and see what needs attention. Names are fictional.
 */
class TabletAppTest {
  @TempDir Path tmp;
  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(tmp.resolve("server"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** One command's outcome. */
  private record Run(int code, String out, String err) {}

  private Run run(String stdin, String... command) {
    List<String> args = new ArrayList<>(List.of("--server", server.baseUrl(), "--data",
        tmp.resolve("tablet").toString(), "--user", "fw.alice", "--password",
        "demo-password-1", "--pin", "2468"));
    args.addAll(List.of(command));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = TabletApp.run(args.toArray(String[]::new),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  private Run ok(String stdin, String... command) {
    Run r = run(stdin, command);
    assertEquals(0, r.code(), "exit code of " + List.of(command) + ": " + r);
    return r;
  }

  private Path json(String name, String body) throws Exception {
    return Files.writeString(tmp.resolve(name + ".json"), body);
  }

  @Test
  void aWorkerEnrolsRecordsEveryTypeOfflineSyncsAndSeesWhatNeedsAttention() throws Exception {
    assertTrue(ok("", "enrol", "--code", enrolmentCode(), "--name", "Tablet 14").out()
        .contains("Enrolled device"));

    server.stop(); // out of signal from here: every record is saved on the tablet
    ok("", "record", "visit", "--case", "case-0001", "--child", "child-0001", "--file",
        json("visit", "{\"date\":\"2026-11-20\",\"mode\":\"home_visit\",\"kind\":\"cin\","
            + "\"childrenSeen\":[{\"childId\":\"child-0001\",\"seen\":true,\"seenAlone\":true}],"
            + "\"notes\":\"Seen at home with Nan.\"}").toString());
    ok("2026-11-20\nI like it when Nan picks me up.\nSmiled, drew a dog.\ndrawing\n",
        "record", "child_voice", "--case", "case-0001", "--child", "child-0001");
    String meeting = idOf(ok("", "record", "meeting", "--case", "case-0001", "--file",
        json("meeting", "{\"kind\":\"fnm\",\"date\":\"2026-11-18\",\"facilitator\":{\"name\":"
            + "\"Ruth Carbery\",\"organisation\":\"Independent FGC service\","
            + "\"priorInvolvement\":false},\"attendees\":[\"Nan\"],\"goals\":[{\"id\":\"g1\","
            + "\"description\":\"Nan collects the children twice a week\"}]}").toString()).out());
    ok("", "record", "fnsp", "--case", "case-0001", "--file", json("fnsp", "{\"meetingId\":\""
        + meeting + "\",\"goalId\":\"g1\",\"description\":\"Bus pass so Nan can visit\","
        + "\"category\":\"transport\",\"amountPence\":4500,\"beneficiary\":\"Nan\","
        + "\"status\":\"submitted\"}").toString());
    ok("", "record", "supervision", "--case", "case-0001", "--child", "child-0001", "--file",
        json("supervision", "{\"kind\":\"case_family_help\",\"date\":\"2026-11-19\","
            + "\"ledBy\":\"u-erin\",\"attendees\":[{\"name\":\"Erin Tregear\",\"role\":"
            + "\"team manager\",\"agency\":\"Dorset Council\"}],\"analysis\":\"Routines.\"}")
            .toString());
    ok("", "record", "feedback", "--case", "case-0001", "--file", json("feedback",
        "{\"date\":\"2026-11-20\",\"givenBy\":\"parent_carer\",\"channel\":\"visit\","
            + "\"ableToTalk\":\"yes\",\"consentToShare\":true}").toString());
    String refused = idOf(ok("", "record", "visit", "--case", "case-0003", "--child",
        "child-0005", "--file", json("other", "{\"date\":\"2026-11-20\",\"mode\":\"phone\","
            + "\"kind\":\"cin\",\"childrenSeen\":[{\"childId\":\"child-0005\",\"seen\":false,"
            + "\"seenAlone\":false}]}").toString()).out());
    assertTrue(ok("", "status").out().contains("Pending: 7"));
    Run due = ok("", "due");
    assertTrue(due.out().contains("case-0001: FNSP request (transport, £45.00) submitted"),
        "the request waits for a manager's decision, offline too: " + due.out());

    Run offline = run("", "sync");
    assertEquals(2, offline.code(), offline.toString());
    assertTrue(offline.err().contains("safe on this tablet"), offline.err());

    server.start();
    Run synced = ok("", "sync");
    assertTrue(synced.out().contains("Pushed 7"), synced.out());
    assertTrue(synced.err().contains("Sync"), "a progress bar on stderr: " + synced.err());

    Run attention = ok("", "attention");
    assertTrue(attention.out().contains(refused), attention.out());
    assertTrue(attention.out().contains("scope.case.notAllocated"), attention.out());
    assertTrue(ok("", "list").out().contains("7 records."));
  }

  @Test
  void anInvalidRecordIsRefusedOnTheTabletWithEveryReason() throws Exception {
    ok("", "enrol", "--code", enrolmentCode());
    Run r = run("", "record", "visit", "--case", "case-0001", "--child", "child-0001",
        "--file", json("bad", "{\"date\":\"2026-11-20\",\"durationMinutes\":0}").toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("visit.mode.required"), r.err());
    assertTrue(r.err().contains("visit.durationMinutes.outOfRange"), r.err());
    assertTrue(ok("", "list").out().contains("0 records."));
  }

  private static String idOf(String savedLine) {
    Matcher m = Pattern.compile("Saved \\S+ (\\S+) ").matcher(savedLine);
    assertTrue(m.find(), savedLine);
    return m.group(1);
  }

  /** A one-time code a sync admin creates for fw.alice (the demo admin is admin.gus). */
  private String enrolmentCode() throws Exception {
    HttpClient http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    String login = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "api/v1/auth/login")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin.gus\","
            + "\"password\":\"demo-password-1\"}")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    String token = field(login, "token");
    String code = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
        + "api/v1/admin/enrolment-codes")).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"fw.alice\"}")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return field(code, "code");
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertTrue(m.find(), json);
    return m.group(1);
  }
}
