package org.fieldsync.examples.tablet;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import org.fieldsync.client.Credentials;
import org.fieldsync.client.FieldSync;
import org.fieldsync.client.FieldSyncException;
import org.fieldsync.protocol.validation.FieldError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A tablet app in a terminal, built only on the FieldSync SDK's public API: it enrols with a
 * sync admin's code, records each record type (from prompts or JSON files) offline, syncs with a
 * progress bar, and lists what needs the worker's attention. Each command opens the tablet's data
 * folder, does one thing, and closes it, as an app's screen would.
 */
@Command(name = "fieldsync-tablet", mixinStandardHelpOptions = true,
    version = "FieldSync example tablet 0.1",
    description = "A small tablet app on the FieldSync SDK. Records work offline.",
    subcommands = {EnrolCommand.class, RecordCommand.class, SyncCommand.class,
        ListCommand.class, AttentionCommand.class, StatusCommand.class})
public final class TabletApp {
  @Option(names = "--server", description = "The server's URL (default: ${DEFAULT-VALUE}).",
      defaultValue = "${env:FIELDSYNC_SERVER:-http://127.0.0.1:8080/}")
  String server;

  @Option(names = "--data", description = "The tablet's data folder (default: ${DEFAULT-VALUE}).",
      defaultValue = "${env:FIELDSYNC_TABLET_DATA:-tablet-data}")
  Path data;

  @Option(names = "--user", description = "The worker's user name (default: ${DEFAULT-VALUE}).",
      defaultValue = "${env:FIELDSYNC_USER:-fw.alice}")
  String user;

  @Option(names = "--password", description = "The worker's password; asked for if not given"
      + " (or set FIELDSYNC_PASSWORD).", defaultValue = "${env:FIELDSYNC_PASSWORD}")
  String password;

  @Option(names = "--pin", description = "The worker's PIN; asked for if not given (or set"
      + " FIELDSYNC_PIN).", defaultValue = "${env:FIELDSYNC_PIN}")
  String pin;

  final BufferedReader in;
  final PrintStream out;
  final PrintStream err;

  public TabletApp(InputStream in, PrintStream out, PrintStream err) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
    this.err = err;
  }

  /** Runs the app; the exit code (0 done, 1 wrong usage, 2 the SDK said no). */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    TabletApp app = new TabletApp(in, out, err);
    CommandLine cl = new CommandLine(app);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof FieldSyncException f) {
        app.explain(f);
        return 2;
      }
      if (e instanceof IllegalArgumentException || e instanceof DateTimeException) {
        err.println("Not done: " + e.getMessage()); // a mistyped answer or option
        return 1;
      }
      throw e;
    });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err);
    // Couchbase Lite keeps a pool thread alive; a command-line program ends explicitly.
    System.exit(code);
  }

  /** Opens the tablet's data, unlocked with the PIN. */
  FieldSync open() {
    return FieldSync.builder().serverUrl(server).dataDir(data)
        .credentials(() -> new Credentials(user, password()))
        .pin(pin().toCharArray()).appVersion("tablet-example 0.1").build();
  }

  String password() {
    if (password == null) {
      password = ask("Password for " + user + ": ");
    }
    return password;
  }

  String pin() {
    if (pin == null) {
      pin = ask("PIN: ");
    }
    return pin;
  }

  /** A line from the worker; empty at the end of input. */
  String ask(String prompt) {
    out.print(prompt);
    out.flush();
    try {
      String line = in.readLine();
      return line == null ? "" : line.trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** Says what went wrong, and what it means for the worker's records. */
  void explain(FieldSyncException f) {
    err.println("Not done: " + f.getMessage() + " [" + f.code() + "]");
    for (FieldError e : f.fieldErrors()) {
      err.println("  " + e.field() + ": " + e.message() + " [" + e.code() + "]");
    }
    if (f.code().startsWith("transport.")) {
      err.println("Your records are safe on this tablet and sync when there is a connection.");
    }
  }
}
