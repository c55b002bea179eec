package io.github.kafkarouted.connector.config;

import io.github.kafkarouted.connector.delivery.DeliveryGuarantee;
import io.github.kafkarouted.connector.delivery.ExactlyOnce;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The {@code delivery.*} options: declared here (added to {@link SinkOptions#DEFINITION}) and
 * parsed into the {@link ExactlyOnce} settings, refusing by name what exactly-once cannot keep.
 */
final class DeliveryOptions {

  static final String GUARANTEE = "delivery.guarantee";
  private static final String GUARANTEE_DOC =
      "at-least-once (default): a retried task or a replayed batch writes its records again."
          + " exactly-once: each task writes its records and dead letters in one Kafka transaction,"
          + " committed with a marker of the batch, so a consumer with isolation.level=read_committed"
          + " sees every row once across task retries, driver crashes and restarts. Micro-batch"
          + " triggers and batch writes only; records become visible when their task commits.";

  static final String TRANSACTIONAL_ID_PREFIX = "delivery.transactionalIdPrefix";
  private static final String TRANSACTIONAL_ID_PREFIX_DOC =
      "exactly-once: the prefix of the transactional ids (<prefix>-<query id>-<partition>) and of"
          + " the marker consumer group (<prefix>-<query id>), e.g. for prefixed ACLs.";

  static final String MARKER_TOPIC = "delivery.markerTopic";
  private static final String MARKER_TOPIC_DOC =
      "exactly-once: the topic whose partitions carry the commit markers (as consumer-group"
          + " offsets; it holds no records). Created, or given more partitions, when a write has more"
          + " Spark partitions than it has.";

  private DeliveryOptions() {}

  static ConfigDef define(ConfigDef definition) {
    return definition
        .define(
            GUARANTEE,
            Type.STRING,
            DeliveryGuarantee.AT_LEAST_ONCE.option(),
            ConfigDef.CaseInsensitiveValidString.in(
                DeliveryGuarantee.AT_LEAST_ONCE.option(), DeliveryGuarantee.EXACTLY_ONCE.option()),
            Importance.MEDIUM,
            GUARANTEE_DOC)
        .define(TRANSACTIONAL_ID_PREFIX, Type.STRING, "kafka-routed", new ConfigDef.NonEmptyStringWithoutControlChars(),
            Importance.LOW, TRANSACTIONAL_ID_PREFIX_DOC)
        .define(MARKER_TOPIC, Type.STRING, "kafka-routed-commit-markers", Importance.LOW, MARKER_TOPIC_DOC);
  }

  /**
   * The exactly-once settings, or null for at-least-once.
   *
   * @param producerSettings the {@code kafka.*} settings
   * @param dlqOverrides the {@code dlq.kafka.*} settings (dead letters share the task's transaction)
   * @param deltaOption the Delta DLQ option set, or null
   */
  static ExactlyOnce parse(
      AbstractConfig parsed, Map<String, String> producerSettings, Map<String, String> dlqOverrides, String deltaOption) {
    if (DeliveryGuarantee.fromOption(parsed.getString(GUARANTEE)) != DeliveryGuarantee.EXACTLY_ONCE) {
      return null;
    }
    String acks = producerSettings.get(ProducerConfig.ACKS_CONFIG);
    if (acks != null && !acks.trim().equals("all") && !acks.trim().equals("-1")) {
      throw refused(SinkOptions.KAFKA_PREFIX + ProducerConfig.ACKS_CONFIG, acks, "needs acks=all (transactions are idempotent).");
    }
    String idempotence = producerSettings.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
    if (idempotence != null && !Boolean.parseBoolean(idempotence.trim())) {
      throw refused(SinkOptions.KAFKA_PREFIX + ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotence,
          "needs the idempotent producer (transactions are idempotent).");
    }
    if (!dlqOverrides.isEmpty()) {
      String key = SinkOptions.DLQ_KAFKA_PREFIX + dlqOverrides.keySet().iterator().next();
      throw refused(key, "(hidden)", "sends dead letters in each task's transaction, with the route"
          + " producer's settings: the DLQ topics must be on the route cluster. Remove the dlq.kafka.* options.");
    }
    if (deltaOption != null) {
      throw refused(deltaOption, parsed.originals().get(deltaOption), "does not support the Delta dead-letter table"
          + " yet: a replayed partition that an earlier attempt committed writes nothing, so it would stage no"
          + " dead letters for the table. Set dlq.topic instead.");
    }
    String markerTopic = parsed.getString(MARKER_TOPIC).trim();
    SinkConf.checkTopicName(MARKER_TOPIC, markerTopic);
    return new ExactlyOnce(parsed.getString(TRANSACTIONAL_ID_PREFIX).trim(), markerTopic, null, true);
  }

  private static ConfigException refused(String option, Object value, String why) {
    return new ConfigException(option, value, GUARANTEE + "=" + DeliveryGuarantee.EXACTLY_ONCE.option() + " " + why);
  }
}
