package io.github.kafkarouted.it.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A real Kafka cluster for integration tests, benchmarks and the demo: a broker JVM started here
 * ({@link LocalKafkaBroker}, the default), a Testcontainers container, or an external cluster.
 *
 * <p>Every method waits for its effect (topics usable, records acknowledged) before returning,
 * so tests never need fixed sleeps. Implementations are thread-safe: the shared {@link #admin()}
 * and producer may be used from several threads; each consume call uses its own consumer.
 * {@link #close()} stops whatever the cluster started and is safe to call twice.
 */
public interface KafkaTestCluster extends AutoCloseable {

  /** System property choosing the fixture: {@code local} (default), {@code testcontainers}, {@code external}. */
  String FIXTURE_PROPERTY = "kafka.fixture";

  /** System property with the bootstrap address when {@code kafka.fixture=external}. */
  String EXTERNAL_BOOTSTRAP_PROPERTY = "kafka.bootstrap.servers";

  /** Comma-separated {@code host:port} list of the PLAINTEXT client listener. */
  String bootstrapServers();

  /** Bootstrap address, plus any security settings, that a Kafka client needs to reach the cluster. */
  Map<String, Object> clientProperties();

  /**
   * The same settings as {@link #clientProperties()}, prefixed with {@code kafka.}, ready to pass to
   * Spark's {@code kafka} source and sink with {@code .options(...)}.
   */
  default Map<String, String> sparkKafkaOptions() {
    Map<String, String> options = new HashMap<>();
    clientProperties().forEach((key, value) -> options.put("kafka." + key, String.valueOf(value)));
    return options;
  }

  /** The shared admin client, closed with the cluster. */
  Admin admin();

  /** Creates a topic with replication factor 1 and waits until every partition has a leader. */
  default void createTopic(String topic, int partitions) {
    createTopic(topic, partitions, Map.of());
  }

  /** Creates a topic with the given topic configs and waits until every partition is usable. */
  void createTopic(String topic, int partitions, Map<String, String> topicConfigs);

  /**
   * Creates a topic whose name starts with {@code prefix} and ends with a random suffix, so each
   * test gets a fresh topic; returns the name.
   */
  default String createUniqueTopic(String prefix, int partitions) {
    String topic = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    createTopic(topic, partitions);
    return topic;
  }

  /** Deletes a topic and waits until the cluster no longer lists it. */
  void deleteTopic(String topic);

  /** Number of partitions of an existing topic. */
  int partitionCount(String topic);

  /** Sends the records with {@code acks=all} and returns once every one is acknowledged. */
  void produce(String topic, List<ProducerRecord<byte[], byte[]>> records);

  /**
   * Sends each value as a UTF-8 record without key or headers, spread round-robin over the
   * topic's partitions, and waits for the acknowledgements.
   */
  default void produceStrings(String topic, List<String> values) {
    int partitions = partitionCount(topic);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      byte[] value = values.get(i) == null ? null : values.get(i).getBytes(StandardCharsets.UTF_8);
      records.add(new ProducerRecord<>(topic, i % partitions, null, value));
    }
    produce(topic, records);
  }

  /**
   * Every record of every partition, from the beginning up to the end offsets read when this is
   * called, with headers; sorted by partition, then offset.
   */
  List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic);

  /**
   * As {@link #consumeAll(String)}, with {@code isolation.level=read_committed} when {@code
   * readCommitted}: only records of committed transactions (and non-transactional ones), up to
   * the last stable offsets.
   */
  List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, boolean readCommitted);

  /**
   * Reads all partitions from the beginning until at least {@code n} records were seen.
   *
   * @throws IllegalStateException if fewer than {@code n} arrive within {@code timeout}; the
   *     message says how many did and the topic's end offsets
   */
  List<ConsumerRecord<byte[], byte[]>> consumeAtLeast(String topic, int n, Duration timeout);

  /** Sum over all partitions of the latest (end) offsets. */
  long endOffsetSum(String topic);

  /** Whether {@link #stopBroker()} and {@link #startBroker()} are supported. */
  boolean supportsRestart();

  /** Stops the broker, keeping its ports and data, for failure tests. */
  void stopBroker();

  /** Starts the broker stopped by {@link #stopBroker()} on the same ports and data, and waits until it is ready. */
  void startBroker();

  /** Address of the SASL_PLAINTEXT listener, if the cluster has one. */
  Optional<String> saslBootstrapServers();

  /** A user of SASL mechanism {@code PLAIN}, if SASL is on. */
  Optional<SaslCredentials> plainCredentials();

  /** A user of SASL mechanism {@code SCRAM-SHA-512}, if SASL is on. */
  Optional<SaslCredentials> scramCredentials();

  /** Client settings to reach the SASL listener as {@code credentials}. */
  default Map<String, Object> saslClientProperties(SaslCredentials credentials) {
    String bootstrap =
        saslBootstrapServers()
            .orElseThrow(() -> new IllegalStateException("this cluster has no SASL listener"));
    return credentials.clientProperties(bootstrap);
  }

  /** Address of the SSL listener, if the cluster has one. */
  Optional<String> sslBootstrapServers();

  /** Truststore and client keystore for the SSL listener, if SSL is on. */
  Optional<SslCredentials> sslCredentials();

  /** Client settings to reach the SSL listener with {@code credentials}. */
  default Map<String, Object> sslClientProperties(SslCredentials credentials) {
    String bootstrap =
        sslBootstrapServers()
            .orElseThrow(() -> new IllegalStateException("this cluster has no SSL listener"));
    return credentials.clientProperties(bootstrap);
  }

  /** Stops everything the cluster started; safe to call twice. */
  @Override
  void close();

  /**
   * Starts (or connects to) the cluster chosen by {@code -Dkafka.fixture}: {@code local} (default)
   * starts a {@link LocalKafkaBroker}, {@code testcontainers} a {@link TestcontainersKafkaCluster},
   * {@code external} connects an {@link ExternalKafkaCluster} to {@code -Dkafka.bootstrap.servers}.
   */
  static KafkaTestCluster fromSystemProperties() {
    String fixture = System.getProperty(FIXTURE_PROPERTY, "local").trim().toLowerCase(Locale.ROOT);
    switch (fixture) {
      case "local":
        return LocalKafkaBroker.builder().start();
      case "testcontainers":
        return TestcontainersKafkaCluster.start();
      case "external":
        String bootstrap = System.getProperty(EXTERNAL_BOOTSTRAP_PROPERTY);
        if (bootstrap == null || bootstrap.isBlank()) {
          throw new IllegalArgumentException(
              "-D" + FIXTURE_PROPERTY + "=external needs -D" + EXTERNAL_BOOTSTRAP_PROPERTY + "=host:port");
        }
        return ExternalKafkaCluster.fromSystemProperties(bootstrap);
      default:
        throw new IllegalArgumentException(
            "Unknown -D" + FIXTURE_PROPERTY + "=" + fixture + "; expected local, testcontainers or external");
    }
  }
}
