package io.github.kafkarouted.connector.config;

import io.github.kafkarouted.dlq.codec.DeadLetterEncoder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Checks the producer settings ({@code kafka.*}, {@code dlq.kafka.*}) on the driver with
 * kafka-clients' own {@link ProducerConfig} definition, so that a bad value (an unknown compression
 * type, a partitioner class that does not exist, a cross-field conflict such as idempotence with
 * {@code acks=0}) fails {@code start()} naming the option, instead of every task when its producer
 * is created. Also refuses the settings under which the sink could not keep its promise:
 *
 * <ul>
 *   <li>{@code transactional.id}: the sink's producers are shared and not transactional, and the
 *       first send would fail ({@code delivery.guarantee=exactly-once} manages transactional ids);
 *   <li>{@code acks=0} with dead letters: the producer then reports no broker-side failure, so a
 *       record the broker refuses (too large, invalid) would vanish instead of becoming a dead letter,
 *       and a dead letter itself could be lost;
 *   <li>a DLQ {@code max.request.size} below what a dead letter's context headers need.
 * </ul>
 *
 * Stateless; messages never show the value of a secret setting.
 */
public final class ProducerSettingsCheck {

  private static final ConfigDef PRODUCER = ProducerConfig.configDef();

  private ProducerSettingsCheck() {}

  /**
   * Validates {@code settings} (prefix removed) as producer settings; errors name {@code prefix +
   * key}.
   */
  static void validate(Map<String, String> settings, String prefix) {
    if (settings.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)) {
      throw new ConfigException(
          prefix + ProducerConfig.TRANSACTIONAL_ID_CONFIG,
          settings.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG),
          "The sink manages transactional ids itself: set " + DeliveryOptions.GUARANTEE + "=exactly-once"
              + " instead (each task then writes in a transaction of its own, with the id prefix "
              + DeliveryOptions.TRANSACTIONAL_ID_PREFIX + "). Without it the sink's producers are"
              + " pooled and not transactional, so the first send would fail. Remove it.");
    }
    Map<String, String> withSerializers = new HashMap<>(settings);
    // The sink owns the serializers (refused as options); the definition requires them.
    withSerializers.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    withSerializers.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    for (ConfigValue value : PRODUCER.validate(withSerializers)) {
      if (!value.errorMessages().isEmpty() && settings.containsKey(value.name())) {
        throw new ConfigException(
            prefix + value.name(), shown(value.name(), settings), String.join("; ", value.errorMessages()));
      }
    }
    try {
      // Cross-field rules (idempotence against acks, retries, in-flight requests), as the producer
      // applies them when it is created.
      new ProducerConfig(new HashMap<>(withSerializers));
    } catch (ConfigException e) {
      throw new ConfigException(
          "Producer settings '"
              + prefix
              + "*' conflict: "
              + SecretRedaction.scrub(e.getMessage(), settings));
    }
  }

  /**
   * With dead letters, every failure of a record must reach the sink: refuses {@code acks=0} on
   * either producer, naming the option that set it.
   */
  static void requireAcknowledgements(Map<String, String> routeSettings, Map<String, String> dlqOverrides) {
    String why =
        " With acks=0 the producer reports no broker-side failure, so a record the broker refuses"
            + " (too large, invalid) would be lost instead of becoming a dead letter. Use acks=1 or"
            + " acks=all (the default) with dead letters.";
    if (isAcksZero(dlqOverrides.get(ProducerConfig.ACKS_CONFIG))) {
      throw new ConfigException(
          SinkOptions.DLQ_KAFKA_PREFIX + ProducerConfig.ACKS_CONFIG, "0", "A dead letter could be lost." + why);
    }
    if (isAcksZero(routeSettings.get(ProducerConfig.ACKS_CONFIG))) {
      throw new ConfigException(SinkOptions.KAFKA_PREFIX + ProducerConfig.ACKS_CONFIG, "0", why.trim());
    }
  }

  static boolean isAcksZero(String acks) {
    return acks != null && acks.trim().equals("0");
  }

  /**
   * A dead letter carries its context in headers and is cut to fit the DLQ producer's {@code
   * max.request.size}, which must leave room for them.
   */
  static void requireDeadLetterRoom(int maxRequestSize, Map<String, String> dlqOverrides) {
    if (maxRequestSize < DeadLetterEncoder.MIN_MAX_REQUEST_SIZE) {
      String option =
          (dlqOverrides.containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)
                  ? SinkOptions.DLQ_KAFKA_PREFIX
                  : SinkOptions.KAFKA_PREFIX)
              + ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
      throw new ConfigException(
          option,
          maxRequestSize,
          "The dead-letter producer's max.request.size must be at least "
              + DeadLetterEncoder.MIN_MAX_REQUEST_SIZE
              + " bytes: a dead letter needs room for its context headers. Set "
              + SinkOptions.DLQ_KAFKA_PREFIX
              + ProducerConfig.MAX_REQUEST_SIZE_CONFIG
              + " for the DLQ producer alone.");
    }
  }

  /** Every producer setting name kafka-clients declares. */
  static List<String> names() {
    return List.copyOf(PRODUCER.names());
  }

  /** Whether kafka-clients declares this producer setting. */
  static boolean isProducerSetting(String name) {
    return PRODUCER.names().contains(name);
  }

  private static String shown(String name, Map<String, String> settings) {
    boolean secret =
        SecretRedaction.isSecret(name)
            || PRODUCER.configKeys().get(name).type == ConfigDef.Type.PASSWORD;
    return secret ? SecretRedaction.REDACTED : settings.get(name);
  }

  /** The producer's max.request.size in these settings (Kafka's default if unset). */
  public static int maxRequestSize(Map<String, String> settings, String optionPrefix) {
    String value = settings.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    if (value == null) {
      return 1024 * 1024;
    }
    try {
      int size = Integer.parseInt(value.trim());
      if (size > 0) {
        return size;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        optionPrefix + ProducerConfig.MAX_REQUEST_SIZE_CONFIG, value, "Must be a positive integer.");
  }

  /** Refuses serializers in {@code dlq.kafka.*}: dead letters are bytes. */
  static Map<String, String> refuseDlqSerializers(Map<String, String> dlqProducer) {
    for (String owned :
        List.of(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
      if (dlqProducer.containsKey(owned)) {
        throw new ConfigException(
            "Option '"
                + SinkOptions.DLQ_KAFKA_PREFIX
                + owned
                + "' is not supported: dead letters are written as bytes.");
      }
    }
    return dlqProducer;
  }

  /** Refuses serializers in {@code kafka.*} (as Spark's sink does) and requires the brokers. */
  static Map<String, String> refuseSerializersAndRequireServers(Map<String, String> producer) {
    for (String owned :
        List.of(
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG)) {
      if (producer.containsKey(owned)) {
        // Same refusal as Spark's kafka sink: rows are turned into bytes by the sink itself.
        throw new ConfigException(
            "Kafka option '"
                + SinkOptions.KAFKA_PREFIX
                + owned
                + "' is not supported: keys and values are serialized with ByteArraySerializer."
                + " Cast the key/value columns to string or binary instead.");
      }
    }
    String servers = producer.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    if (servers == null || servers.isBlank()) {
      throw new ConfigException(
          "Option '"
              + SinkOptions.BOOTSTRAP_SERVERS
              + "' is required: the Kafka brokers to write to, e.g. host1:9092,host2:9092.");
    }
    return producer;
  }
}
