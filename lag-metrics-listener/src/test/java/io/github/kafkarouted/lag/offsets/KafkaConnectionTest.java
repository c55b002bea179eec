package io.github.kafkarouted.lag.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
          + " password=\"s3cr3t\";";

  @Test
  void keepsTheSourcesAdminSettingsAndDropsConsumerOnlyOnes() {
    KafkaConnection c =
        KafkaConnection.of(
                Map.of(
                    "kafka.bootstrap.servers", "b:9092",
                    "kafka.security.protocol", "SASL_SSL",
                    "kafka.fetch.max.wait.ms", "10",
                    "subscribe", "t",
                    "startingOffsets", "earliest"),
                Map.of())
            .orElseThrow();

    assertEquals(
        Map.of("bootstrap.servers", "b:9092", "security.protocol", "SASL_SSL"), c.adminConfig());
  }

  @Test
  void overridesWin() {
    KafkaConnection c =
        KafkaConnection.of(
                Map.of("kafka.bootstrap.servers", "b:9092"), Map.of("bootstrap.servers", "o:1"))
            .orElseThrow();

    assertEquals("o:1", c.bootstrapServers());
  }

  @Test
  void noBootstrapServersNoConnection() {
    assertEquals(Optional.empty(), KafkaConnection.of(Map.of("subscribe", "t"), Map.of()));
  }

  @Test
  void readCommittedSourcesReadTheLastStableOffset() {
    KafkaConnection c =
        KafkaConnection.of(
                Map.of(
                    "kafka.bootstrap.servers", "b:9092",
                    "kafka.isolation.level", "read_committed"),
                Map.of())
            .orElseThrow();

    assertTrue(c.readCommitted());
    assertFalse(c.adminConfig().containsKey("isolation.level"));
  }

  @Test
  void toStringNeverShowsSecrets() {
    KafkaConnection c =
        KafkaConnection.of(
                Map.of(
                    "kafka.bootstrap.servers", "b:9092",
                    "kafka.sasl.jaas.config", JAAS,
                    "kafka.ssl.truststore.password", "trustpw",
                    "kafka.ssl.key.password", "keypw"),
                Map.of())
            .orElseThrow();

    String shown = c.toString();
    assertTrue(shown.contains("b:9092"), shown);
    assertFalse(shown.contains("s3cr3t"), shown);
    assertFalse(shown.contains("trustpw"), shown);
    assertFalse(shown.contains("keypw"), shown);
    assertTrue(c.adminConfig().get("sasl.jaas.config").contains("s3cr3t"), "kept for the client");
  }

  @Test
  void equalSettingsAreOneConnection() {
    Map<String, String> options = Map.of("kafka.bootstrap.servers", "b:9092");
    assertEquals(
        KafkaConnection.of(options, Map.of()).orElseThrow(),
        KafkaConnection.of(Map.of("KAFKA.BOOTSTRAP.SERVERS", "b:9092"), Map.of()).orElseThrow());
    assertNotEquals(
        KafkaConnection.of(options, Map.of()).orElseThrow(),
        KafkaConnection.of(Map.of("kafka.bootstrap.servers", "c:9092"), Map.of()).orElseThrow());
  }
}
