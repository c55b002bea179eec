package io.github.kafkarouted.it.kafka;

import java.nio.file.Paths;

/**
 * A JVM that starts a {@link LocalKafkaBroker} under the base directory given as the first
 * argument, prints {@code READY <broker pid> <broker dir>} and waits to be killed. Used by
 * {@link LocalKafkaBrokerIntegrationTest} to play a test run that dies without cleaning up.
 */
public final class BrokerOwnerMain {
  private BrokerOwnerMain() {}

  public static void main(String[] args) throws InterruptedException {
    LocalKafkaBroker broker = LocalKafkaBroker.builder().baseDir(Paths.get(args[0])).start();
    System.out.println("READY " + broker.brokerPid().getAsLong() + " " + broker.directory());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
