package io.github.kafkarouted.it.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The layout of one local broker's temp directory: the files its JVMs read ({@code
 * server.properties}, {@code log4j2.properties}, the launcher class) and the log they write
 * ({@code broker.log}). One place names them, so the formatter, the launcher and failure messages
 * agree. Immutable and thread-safe.
 */
final class BrokerDirectory {
  private static final int LOG_TAIL_LINES = 40;

  private final Path root;

  BrokerDirectory(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  /** The file receiving the stdout and stderr of the broker's JVMs. */
  Path logFile() {
    return root.resolve("broker.log");
  }

  Path serverProperties() {
    return root.resolve("server.properties");
  }

  Path log4jConfig() {
    return root.resolve("log4j2.properties");
  }

  /** The one extra classpath entry of the broker JVM: holds the launcher's class file. */
  Path launcherClasspath() {
    return root.resolve("launcher");
  }

  /** Writes the broker config, the log config and the launcher class. */
  void writeFiles(BrokerServerConfig config) {
    try {
      Files.writeString(serverProperties(), config.render(), StandardCharsets.UTF_8);
      Files.writeString(log4jConfig(), BrokerServerConfig.log4j2Properties(), StandardCharsets.UTF_8);
      OwnerWatchingLauncher.copyClassFileTo(launcherClasspath());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the broker files in " + root, e);
    }
  }

  /** The end of the broker log, to append to failure messages (the cause is usually there). */
  String tail() {
    return "\n--- last lines of " + logFile() + " ---\n" + BrokerJvm.tail(logFile(), LOG_TAIL_LINES);
  }
}
