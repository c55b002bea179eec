package io.github.kafkarouted.it.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * Formats a new broker's KRaft storage with Kafka's {@code StorageTool}, in its own JVM, before
 * the first start: a fresh cluster id and, with SASL, the SCRAM user (KRaft takes SCRAM
 * credentials at format time, so the user exists before the first client connects). Restarts
 * reuse the formatted storage. Stateless and thread-safe.
 */
final class StorageFormatter {
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);

  private StorageFormatter() {}

  static void format(Path brokerLibs, BrokerDirectory dir, Optional<SaslCredentials> scramUser) {
    List<String> args =
        new ArrayList<>(
            List.of("format", "-t", Uuid.randomUuid().toString(), "-c", dir.serverProperties().toString()));
    scramUser.ifPresent(
        user -> {
          args.add("--add-scram");
          args.add(user.mechanism() + "=[name=" + user.username() + ",password=" + user.password() + "]");
        });
    List<String> command =
        BrokerJvm.javaCommand(brokerLibs, List.of(), "256m", true, dir.log4jConfig(), "kafka.tools.StorageTool", args);
    BrokerJvm formatter = BrokerJvm.start(command, dir.root(), dir.logFile());
    if (!formatter.awaitExit(FORMAT_TIMEOUT)) {
      formatter.stop(Duration.ofSeconds(5));
      throw new IllegalStateException("Formatting the broker storage took over " + FORMAT_TIMEOUT + dir.tail());
    }
    if (formatter.exitValueOrMinusOne() != 0) {
      throw new IllegalStateException(
          "Formatting the broker storage failed with status " + formatter.exitValueOrMinusOne() + dir.tail());
    }
  }
}
