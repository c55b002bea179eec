package io.github.kafkarouted.connector.config;

import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import org.apache.kafka.common.config.ConfigException;

/**
 * Collects the {@code dlq.topic.<REASON>} options (the DLQ topic of one dead-letter reason) and
 * checks the DLQ topics together: each reason is a {@link DeadLetterReason} constant, each topic a
 * valid name, {@code dlq.topic} is set (it takes the other reasons), and no DLQ topic is a route or
 * the default topic. Every error names the option. Mutable while collecting; driver only.
 */
final class DlqTopicOptions {

  private static final List<String> REASON_NAMES =
      Arrays.stream(DeadLetterReason.values()).map(Enum::name).toList();

  private final EnumMap<DeadLetterReason, String> byReason = new EnumMap<>(DeadLetterReason.class);
  private final Map<DeadLetterReason, String> keys = new EnumMap<>(DeadLetterReason.class);

  /** Takes one {@code dlq.topic.<REASON>} option (the reason in any case, as Spark options are). */
  void collect(String key, String value) {
    Matcher m = SinkOptions.DLQ_TOPIC_REASON_KEY.matcher(key);
    if (!m.matches()) {
      throw new ConfigException(
          key, value, "Per-reason DLQ topics are written dlq.topic.<REASON>, with REASON one of " + REASON_NAMES + ".");
    }
    String name = m.group(1).toUpperCase(Locale.ROOT);
    if (!REASON_NAMES.contains(name)) {
      String closest = closestReason(name);
      throw new ConfigException(
          key,
          value,
          "Unknown dead-letter reason '" + m.group(1) + "'"
              + (closest == null ? "" : ". Did you mean '" + SinkOptions.DLQ_TOPIC_REASON_PREFIX + closest + "'?")
              + " Reasons: " + REASON_NAMES + ".");
    }
    DeadLetterReason reason = DeadLetterReason.valueOf(name);
    if (keys.containsKey(reason)) {
      throw new ConfigException(key, value, "The DLQ topic of " + reason + " is set twice (also by " + keys.get(reason) + ").");
    }
    String topic = value == null ? "" : value.trim();
    SinkConf.checkTopicName(key, topic);
    byReason.put(reason, topic);
    keys.put(reason, key);
  }

  /**
   * The per-reason topics; refuses them without a default DLQ topic ({@code dlqTopic} null).
   *
   * @return unmodifiable, in reason order
   */
  Map<DeadLetterReason, String> build(String dlqTopic) {
    if (!byReason.isEmpty() && dlqTopic == null) {
      DeadLetterReason first = byReason.keySet().iterator().next();
      throw new ConfigException(
          keys.get(first),
          byReason.get(first),
          "A per-reason DLQ topic needs '" + SinkOptions.DLQ_TOPIC + "' too: the dead-letter topic of every other"
              + " reason. Set " + SinkOptions.DLQ_TOPIC + ".");
    }
    return Collections.unmodifiableMap(new EnumMap<>(byReason));
  }

  /**
   * Every DLQ topic and the option that names it ({@code dlq.topic} first, then per reason; a topic
   * named by several options keeps the first).
   */
  static Map<String, String> topicOptions(String dlqTopic, Map<DeadLetterReason, String> byReason) {
    Map<String, String> topics = new LinkedHashMap<>();
    if (dlqTopic != null) {
      topics.put(dlqTopic, SinkOptions.DLQ_TOPIC);
    }
    byReason.forEach((reason, topic) -> topics.putIfAbsent(topic, optionKey(reason)));
    return Collections.unmodifiableMap(topics);
  }

  /** The declared spelling of the option of {@code reason}'s DLQ topic. */
  static String optionKey(DeadLetterReason reason) {
    return SinkOptions.DLQ_TOPIC_REASON_PREFIX + reason.name();
  }

  /**
   * Like Kafka Connect refusing a DLQ topic that is also an input: a dead letter must not be
   * routed. Throws naming the DLQ option if one of {@code dlqTopics} is the default or a route topic.
   */
  static void checkNotARoute(Map<String, String> dlqTopics, String defaultTopic, List<RouteOption> routes) {
    dlqTopics.forEach((topic, option) -> {
      if (topic.equals(defaultTopic)) {
        throw new ConfigException(option, topic, "A DLQ topic cannot also be the default 'topic'.");
      }
      for (RouteOption r : routes) {
        if (topic.equals(r.topic())) {
          throw new ConfigException(option, topic, "A DLQ topic cannot also be a route topic (" + r.topicKey() + ").");
        }
      }
    });
  }

  private static String closestReason(String name) {
    String best = null;
    int bestDistance = 3;
    for (String reason : REASON_NAMES) {
      int d = OptionKeys.editDistance(name, reason);
      if (d < bestDistance) {
        best = reason;
        bestDistance = d;
      }
    }
    return best;
  }
}
