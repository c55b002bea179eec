package io.github.kafkarouted.connector.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.SparkEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spark's Kafka delegation tokens reach our clients' configurations as they reach the stock sink's
 * producers. Set up as Spark's own {@code KafkaDelegationTokenTest}: a token of cluster {@code
 * cluster1} in the current user's credentials (here a user of the test's own, through {@code
 * doAs}, so no other test sees it) and {@code spark.kafka.clusters.cluster1.*} in the SparkEnv's
 * configuration. What the brokers then do with the token (a real SCRAM login) needs a
 * Kerberos-secured cluster that issues tokens, which this build does not run.
 */
class DelegationTokensTest {

  private static final String SERVERS = "127.0.0.1:0";
  private static final String CLUSTER = "spark.kafka.clusters.cluster1.";

  private final String tokenId = "tokenId" + UUID.randomUUID();
  private final String tokenPassword = "tokenPassword" + UUID.randomUUID();
  private SparkEnv savedEnv;

  @BeforeEach
  void saveSparkEnv() {
    savedEnv = SparkEnv.get();
  }

  @AfterEach
  void restoreSparkEnv() {
    SparkEnv.set(savedEnv);
  }

  @Test
  void aTokenOfAMatchingClusterBecomesTheScramLogin() throws Exception {
    setSparkConf(CLUSTER + "auth.bootstrap.servers", SERVERS, CLUSTER + "target.bootstrap.servers.regex", "127.0.0.*:0");
    Map<String, Object> config = asUserWithToken(() -> DelegationTokens.forExecutor(producerConfig()));

    String jaas = (String) config.get("sasl.jaas.config");
    assertEquals(
        "org.apache.kafka.common.security.scram.ScramLoginModule required tokenauth=true"
            + " serviceName=\"kafka\" username=\"" + tokenId + "\" password=\"" + tokenPassword + "\";",
        jaas);
    assertEquals("SCRAM-SHA-512", config.get("sasl.mechanism"));
    assertEquals("SASL_SSL", config.get("security.protocol"), "Spark's default, as the user set none");
    assertEquals("5", config.get("linger.ms"), "the user's settings stay");
  }

  @Test
  void theUsersSecurityProtocolIsKept() throws Exception {
    setSparkConf(CLUSTER + "auth.bootstrap.servers", SERVERS);
    Map<String, Object> producer = producerConfig();
    producer.put("security.protocol", "SASL_PLAINTEXT");
    Map<String, Object> config = asUserWithToken(() -> DelegationTokens.forExecutor(producer));
    assertEquals("SASL_PLAINTEXT", config.get("security.protocol"));
    assertTrue(((String) config.get("sasl.jaas.config")).contains("tokenauth=true"));
  }

  @Test
  void withoutAClusterMatchingTheBootstrapServersNothingChanges() throws Exception {
    setSparkConf(
        CLUSTER + "auth.bootstrap.servers", SERVERS,
        CLUSTER + "target.bootstrap.servers.regex", "127.0.intentionally_non_matching.*:0");
    assertEquals(producerConfig(), asUserWithToken(() -> DelegationTokens.forExecutor(producerConfig())));
  }

  @Test
  void withoutATokenNothingChanges() {
    setSparkConf(CLUSTER + "auth.bootstrap.servers", SERVERS);
    assertEquals(producerConfig(), DelegationTokens.forExecutor(producerConfig()));
  }

  @Test
  void withoutSparkNothingChanges() throws Exception {
    SparkEnv.set(null);
    assertEquals(producerConfig(), asUserWithToken(() -> DelegationTokens.forExecutor(producerConfig())));
  }

  @Test
  void theProducerPoolCreatesItsProducersWithTheToken() throws Exception {
    setSparkConf(CLUSTER + "auth.bootstrap.servers", SERVERS);
    List<Map<String, Object>> created = new ArrayList<>();
    try (ProducerPool pool =
        ProducerPool.withFactory(
            config -> {
              created.add(config);
              return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
            })) {
      asUserWithToken(() -> pool.acquire(producerConfig()));
    }
    assertEquals(1, created.size());
    assertTrue(((String) created.get(0).get("sasl.jaas.config")).contains("username=\"" + tokenId + "\""));
  }

  private static Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap.servers", SERVERS);
    config.put("linger.ms", "5");
    return config;
  }

  private <T> T asUserWithToken(PrivilegedExceptionAction<T> action) throws Exception {
    return SparkTokenFixture.asUserWithToken(tokenId, tokenPassword, action);
  }

  private static void setSparkConf(String... keyValues) {
    SparkTokenFixture.setSparkConf(keyValues);
  }
}
