package io.github.kafkarouted.it.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Waits until a just-launched broker JVM serves clients, and fails early, with the end of the
 * broker log, when the JVM dies or the deadline passes. A port taken by another process between
 * choosing it and binding it is reported as a {@link PortConflictException}, so the caller can
 * retry with new ports. Stateless and thread-safe.
 */
final class BrokerReadiness {
  private BrokerReadiness() {}

  /** Polls with a short-lived admin client until the broker answers describeCluster and listTopics. */
  static void await(
      BrokerJvm started,
      int clientPort,
      Map<String, Object> clientProperties,
      long deadlineNanos,
      Duration startTimeout,
      Duration stopGrace,
      BrokerDirectory dir) {
    Map<String, Object> probeConfig = new LinkedHashMap<>(clientProperties);
    probeConfig.put("client.id", "local-kafka-broker-readiness");
    probeConfig.put("request.timeout.ms", 2000);
    probeConfig.put("default.api.timeout.ms", 3000);
    probeConfig.put("reconnect.backoff.ms", 50);
    probeConfig.put("reconnect.backoff.max.ms", 250);
    probeConfig.put("retry.backoff.ms", 50);
    Runnable stillStarting =
        () -> checkStillStarting(started, deadlineNanos, startTimeout, stopGrace, dir);
    // A plain connect first: an admin client polling a closed port fills the test log with warnings.
    while (!acceptsConnections(clientPort)) {
      stillStarting.run();
      ClientBackedKafkaCluster.sleep(Duration.ofMillis(50));
    }
    try (Admin probe = Admin.create(probeConfig)) {
      while (!answers(probe)) {
        stillStarting.run();
        ClientBackedKafkaCluster.sleep(Duration.ofMillis(100));
      }
    }
  }

  private static void checkStillStarting(
      BrokerJvm started, long deadline, Duration startTimeout, Duration stopGrace, BrokerDirectory dir) {
    if (!started.isAlive()) {
      String message =
          "The broker JVM exited with status " + started.exitValueOrMinusOne() + " during startup" + dir.tail();
      throw message.contains("Address already in use")
          ? new PortConflictException(message)
          : new IllegalStateException(message);
    }
    if (System.nanoTime() > deadline) {
      started.stop(stopGrace);
      throw new IllegalStateException("The broker was not ready within " + startTimeout + dir.tail());
    }
  }

  private static boolean acceptsConnections(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LocalKafkaBroker.HOST, port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static boolean answers(Admin probe) {
    try {
      boolean hasNodes = !probe.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
      probe.listTopics().names().get(3, TimeUnit.SECONDS);
      return hasNodes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the broker", e);
    } catch (Exception notYet) {
      return false;
    }
  }

  /** Thrown when another process took one of the chosen ports before the broker bound it. */
  static final class PortConflictException extends IllegalStateException {
    PortConflictException(String message) {
      super(message);
    }
  }
}
