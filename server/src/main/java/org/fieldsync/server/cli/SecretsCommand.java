package org.fieldsync.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.fieldsync.server.auth.SharedSecrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code secrets --out DIR}: makes the secrets every node of a deployment shares (token secret,
 * receipt signing key, lease secret), owner-only, once; files already there are kept. Copy the
 * folder to every node and point {@code secretsDir} at it.
 */
@Command(name = "secrets", description = "Make the shared secrets of a deployment (once), for"
    + " every node's secretsDir. Existing files are kept.")
final class SecretsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "the folder to write them to")
  private Path out;

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    try {
      List<String> made = SharedSecrets.create(out, true);
      w.println(made.isEmpty() ? "every secret was already in " + out
          : "made " + String.join(", ", made) + " in " + out);
      w.flush();
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println("secrets: cannot write " + out + ": "
          + e.getMessage());
      return 2;
    }
  }
}
