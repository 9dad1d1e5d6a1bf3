package org.fieldsync.server.cli;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.fieldsync.server.ServerConfig;
import org.fieldsync.server.store.Store;
import org.fieldsync.server.store.StoreSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The base of a command that works on the configured store (the data folder's SQLite, or
 * PostgreSQL): it reads the configuration, opens (and migrates) the store, runs, and closes it.
 * A new command of this kind is one subclass with a {@code @Command} name, listed in
 * {@link Main}'s subcommands.
 */
abstract class StoreCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions config;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    return runOn(config, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** Runs with these options: 2 when the store cannot be opened, else what {@link #run} says. */
  final int runOn(ConfigOptions options, PrintWriter out, PrintWriter err) {
    Vertx vertx = Vertx.vertx();
    ServerConfig cfg;
    try {
      cfg = options.load(vertx);
    } finally {
      vertx.close();
    }
    try (Store store = open(cfg.storeSettings())) {
      return run(store, out);
    } catch (RuntimeException e) {
      err.println(name() + " could not run: " + e.getMessage());
      return 2;
    } finally {
      out.flush();
    }
  }

  /** Opens the store; a command that only inspects it opens it without migrating. */
  Store open(StoreSettings settings) {
    return settings.open();
  }

  /** The command's name, for messages. */
  abstract String name();

  /** The work, on an open store; writes its result to {@code out}; returns the exit code. */
  abstract int run(Store store, PrintWriter out);
}
