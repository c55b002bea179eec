package io.github.kafkarouted.connector.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * The options under one prefix ({@code kafka.} or {@code dlq.kafka.}) as the settings of a Kafka
 * client: the prefix removed and the name lower-cased, as Spark's kafka sink does (its
 * KafkaSourceProvider reads the options through a CaseInsensitiveMap, whose keys are lower-case),
 * so that {@code kafka.Linger.MS} sets {@code linger.ms} in both sinks. Kafka's own setting names
 * are all lower-case; a custom setting (a partitioner's) reaches the client lower-cased, as with
 * Spark's sink. Two options naming one setting in different cases are refused: Spark's writers
 * keep only the last one set, but a map handed to the ForeachWriter keeps both, in no order.
 *
 * <p>Collects while the options are read; not thread-safe.
 */
final class KafkaSettingOptions {

  private final String prefix;
  private final Map<String, String> settings = new TreeMap<>();
  private final Map<String, String> optionOfSetting = new HashMap<>();

  KafkaSettingOptions(String prefix) {
    this.prefix = prefix;
  }

  /** The client setting that {@code key} (starting with {@code prefix} in any case) sets. */
  static String settingName(String key, String prefix) {
    return key.substring(prefix.length()).toLowerCase(Locale.ROOT);
  }

  /** Adds the option {@code key}, which starts with this prefix in any case. */
  void collect(String key, String value) {
    String name = settingName(key, prefix);
    String earlier = optionOfSetting.putIfAbsent(name, key);
    if (earlier != null) {
      throw new ConfigException(
          "Options '"
              + earlier
              + "' and '"
              + key
              + "' both set the Kafka setting '"
              + name
              + "' (option keys are case-insensitive, as in Spark); keep one.");
    }
    settings.put(name, value);
  }

  /** The settings collected, by lower-case name; unmodifiable. */
  Map<String, String> settings() {
    return Collections.unmodifiableMap(settings);
  }
}
