package io.github.kafkarouted.connector.plan;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicCheckTest {

  @Test
  void resolvableBootstrapAddressesPass() {
    TopicCheck.checkBootstrapResolves(Map.of("bootstrap.servers", "localhost:9092, 127.0.0.1:9093"));
  }

  @Test
  void aBootstrapHostThatDoesNotResolveNamesTheOption() {
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> TopicCheck.checkBootstrapResolves(Map.of("bootstrap.servers", "no-such-broker.invalid:9092")))
            .getMessage();
    assertTrue(message.contains("kafka.bootstrap.servers") && message.contains("no-such-broker.invalid"), message);
  }

  @Test
  void aBootstrapAddressWithoutPortNamesTheOption() {
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> TopicCheck.checkBootstrapResolves(Map.of("bootstrap.servers", "localhost")))
            .getMessage();
    assertTrue(message.contains("kafka.bootstrap.servers"), message);
  }
}
