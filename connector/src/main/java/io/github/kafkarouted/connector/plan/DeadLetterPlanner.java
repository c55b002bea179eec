package io.github.kafkarouted.connector.plan;

import io.github.kafkarouted.connector.config.ProducerSettingsCheck;
import io.github.kafkarouted.connector.config.SinkConf;
import io.github.kafkarouted.connector.config.SinkOptions;
import io.github.kafkarouted.dlq.delta.DeltaDeadLetterTable;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.util.EnumMap;
import java.util.TreeMap;
import org.apache.spark.sql.classic.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/** Driver side: turns the {@code dlq.*} options into the {@link DeadLetterSpec} executors get. */
final class DeadLetterPlanner {

  private DeadLetterPlanner() {}

  /**
   * The dead-letter settings of {@code conf}, or null without dead letters; opens (or creates) the
   * Delta dead-letter table on the driver when one is configured.
   */
  static DeadLetterSpec plan(SinkConf conf, SparkSession spark) {
    if (!conf.hasDeadLetters()) {
      return null;
    }
    String deltaLocation = null;
    SerializableConfiguration hadoopConf = null;
    if (conf.dlqDeltaOption() != null) {
      deltaLocation =
          DeltaDeadLetterTable.open(spark, conf.dlqDeltaPath(), conf.dlqDeltaTable(), conf.dlqDeltaOption())
              .location();
      hadoopConf = new SerializableConfiguration(spark.sessionState().newHadoopConf());
    }
    return new DeadLetterSpec(
        conf.dlqTopic(),
        conf.dlqTopicsByReason().isEmpty()
            ? new EnumMap<>(DeadLetterReason.class)
            : new EnumMap<>(conf.dlqTopicsByReason()),
        conf.dlqHeaderStyle(),
        conf.dlqFormat(),
        conf.dlqIncludeStacktrace(),
        new TreeMap<>(conf.dlqProducerSettings()),
        ProducerSettingsCheck.maxRequestSize(conf.dlqProducerSettings(), SinkOptions.DLQ_KAFKA_PREFIX),
        deltaLocation,
        conf.dlqDeltaOption(),
        hadoopConf);
  }
}
