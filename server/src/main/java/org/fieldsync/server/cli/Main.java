package org.fieldsync.server.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code java -jar fieldsync-server.jar [COMMAND] [OPTIONS]}. With no command it
 * serves ({@code --demo}, {@code --port N}, {@code --data DIR}, {@code --config FILE},
 * {@code --tls-self-signed}); {@code verify-audit} checks the audit chain ({@code --verify-audit}
 * still works as an alias); {@code verify-store} checks the whole store (SQLite's integrity,
 * every revision against its rev, attachments, the audit chain). A mistake on the command line
 * ends in one line on stderr and exit code 2, never a stack trace.
 *
 * <p>A new command is one class (a {@code @Command} that is a {@code Callable<Integer>}; one that
 * works on the store extends {@link StoreCommand}) named in {@code subcommands} below.
 */
@Command(name = "fieldsync-server", mixinStandardHelpOptions = true,
    version = "FieldSync server",
    description = "FieldSync sync server. With no command, it serves.",
    subcommands = {ServeCommand.class, VerifyAuditCommand.class, VerifyStoreCommand.class,
        BackupCommand.class, RestoreCommand.class, NewEpochCommand.class, SecretsCommand.class,
        ImportCommand.class, ActivationCodeCommand.class})
public final class Main implements Callable<Integer> {
  /** Exit code for a mistake on the command line or in the configuration. */
  static final int USAGE = 2;
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Mixin
  private ServeOptions serve;

  @Option(names = "--verify-audit", hidden = true,
      description = "the same as the verify-audit command (kept for existing scripts)")
  private boolean verifyAudit;

  @Spec
  private CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (verifyAudit) {
      return new VerifyAuditCommand().runOn(serve.config, spec.commandLine().getOut(),
          spec.commandLine().getErr());
    }
    return ServeCommand.serve(serve);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line, ready to {@code execute}: parse errors are one line and exit code 2; an
   * unexpected failure is logged and exit code 1.
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      LOG.error("{} failed", cmd.getCommandName(), e);
      return 1;
    });
    return cl;
  }

  private static int usageError(ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println(e.getCommandLine().getCommandSpec().qualifiedName() + ": " + e.getMessage()
        + " (see --help)");
    err.flush();
    return USAGE;
  }
}
