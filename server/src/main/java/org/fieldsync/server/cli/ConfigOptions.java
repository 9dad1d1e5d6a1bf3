package org.fieldsync.server.cli;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.fieldsync.server.ServerConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options every command shares, {@code --config FILE} and {@code --data DIR}, and the layered
 * configuration they end in: defaults, then the config file, then {@code FIELDSYNC_*}
 * environment variables, then flags. A mixin: a command adds it with {@code @Mixin}.
 */
final class ConfigOptions {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec command;

  @Option(names = "--config", paramLabel = "FILE", description = "a JSON configuration file")
  private Path configFile;

  @Option(names = "--data", paramLabel = "DIR",
      description = "the data folder: SQLite database, keys, token secret (default ./data)")
  private Path data;

  /**
   * The configuration, blocking (reads the file and the environment). A missing file or a value
   * that is not a number is the user's mistake: a {@link ParameterException}, answered in one
   * line with exit code 2.
   */
  ServerConfig load(Vertx vertx) {
    ConfigRetrieverOptions opts = new ConfigRetrieverOptions();
    if (configFile != null) {
      if (!Files.exists(configFile)) {
        throw new ParameterException(command.commandLine(),
            "config file " + configFile + " does not exist");
      }
      opts.addStore(new ConfigStoreOptions().setType("file").setFormat("json")
          .setConfig(new JsonObject().put("path", configFile.toString())));
    }
    opts.addStore(new ConfigStoreOptions().setType("env"));
    JsonObject json;
    try {
      json = ConfigRetriever.create(vertx, opts).getConfig().toCompletionStage()
          .toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new ParameterException(command.commandLine(), "cannot read the configuration: "
          + e.getCause().getMessage());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("reading the configuration was interrupted", e);
    }
    try {
      ServerConfig config = ServerConfig.defaults().merge(json);
      return data == null ? config : config.with(b -> b.dataDir(data));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
  }
}
