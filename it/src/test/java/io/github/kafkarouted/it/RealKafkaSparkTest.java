package io.github.kafkarouted.it;

import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import io.github.kafkarouted.it.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.junit.jupiter.api.AfterAll;

/**
 * Base of the integration tests: one real Kafka cluster (chosen by {@code -Dkafka.fixture}) and one
 * {@code local[N]} SparkSession per test class, both stopped after the class. Each test uses fresh
 * topics ({@link KafkaTestCluster#createUniqueTopic}).
 */
public abstract class RealKafkaSparkTest {

  protected static KafkaTestCluster kafka;
  protected static SparkSession spark;

  /**
   * Starts the cluster and a session with {@code cores} task slots; call from {@code @BeforeAll}.
   * Real-Time Mode and continuous queries hold one slot per source partition, so {@code cores}
   * must be at least the partitions they read.
   */
  /** A stream of {@code topic} from the earliest offset, read with Spark's stock Kafka source. */
  protected static DataStreamReader kafkaStream(String topic) {
    return spark
        .readStream()
        .format("kafka")
        .options(kafka.sparkKafkaOptions())
        .option("subscribe", topic)
        .option("startingOffsets", "earliest");
  }

  protected static void startKafkaAndSpark(int cores, String appName) {
    startKafkaAndSpark(cores, appName, false);
  }

  /** As {@link #startKafkaAndSpark(int, String)}, with Delta Lake's extension and catalog when {@code delta}. */
  protected static void startKafkaAndSpark(int cores, String appName, boolean delta) {
    kafka = KafkaTestCluster.fromSystemProperties();
    spark = SparkSessions.local(cores).appName(appName).delta(delta).start();
  }

  @AfterAll
  static void stopKafkaAndSpark() {
    try {
      if (spark != null) {
        spark.stop();
      }
    } finally {
      spark = null;
      if (kafka != null) {
        kafka.close();
      }
      kafka = null;
    }
  }
}
