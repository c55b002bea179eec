package io.github.kafkarouted.connector.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.Test;

class SecretRedactionTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"s3cr3t-Pa55-x\";";
  private static final Map<String, String> SETTINGS =
      Map.of(
          "bootstrap.servers", "b:9093",
          "sasl.jaas.config", JAAS,
          "ssl.keystore.password", "ks-Pa55",
          "ssl.key.password", "key-Pa55",
          "ssl.truststore.location", "/tmp/t.p12");

  @Test
  void secretKeysAreKafkasPasswordSettings() {
    for (String key :
        new String[] {"sasl.jaas.config", "ssl.keystore.password", "ssl.truststore.password", "ssl.key.password",
          "ssl.keystore.key", "kafka.sasl.jaas.config", "dlq.kafka.ssl.key.password", "SASL.JAAS.CONFIG"}) {
      assertTrue(SecretRedaction.isSecret(key), key);
    }
    for (String key : new String[] {"bootstrap.servers", "ssl.truststore.location", "ssl.keystore.location",
          "ssl.keystore.type", "sasl.mechanism", "security.protocol"}) {
      assertFalse(SecretRedaction.isSecret(key), key);
    }
  }

  @Test
  void redactKeepsNamesAndPublicValues() {
    Map<String, String> shown = SecretRedaction.redact(SETTINGS);
    assertEquals("b:9093", shown.get("bootstrap.servers"));
    assertEquals(SecretRedaction.REDACTED, shown.get("sasl.jaas.config"));
    assertEquals(SecretRedaction.REDACTED, shown.get("ssl.key.password"));
    assertFalse(shown.toString().contains("Pa55"), shown.toString());
  }

  @Test
  void scrubRemovesWholeJaasTextsAndPasswordsQuotedAlone() {
    String text = "bad " + JAAS + " and again password=\"s3cr3t-Pa55-x\" with ks-Pa55, at b:9093";
    String scrubbed = SecretRedaction.scrub(text, SETTINGS);
    assertFalse(scrubbed.contains("Pa55"), scrubbed);
    assertTrue(scrubbed.contains("b:9093"), scrubbed);
    assertNull(SecretRedaction.scrub(null, SETTINGS));
  }

  @Test
  void causeQuotingASecretIsNotKept() {
    KafkaException quoting = new KafkaException("outer", new IllegalArgumentException("bad JAAS " + JAAS));
    KafkaException clean = new KafkaException("outer", new IllegalArgumentException("Failed to load SSL keystore"));

    assertNull(SecretRedaction.safeCause(quoting, SETTINGS));
    assertSame(clean, SecretRedaction.safeCause(clean, SETTINGS));
    String described = SecretRedaction.describe(quoting, SETTINGS);
    assertTrue(described.startsWith("outer: bad JAAS "), described);
    assertFalse(described.contains("Pa55"), described);
  }
}
