package io.github.kafkarouted.connector.plan;

import io.github.kafkarouted.connector.config.SinkOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.apache.spark.sql.execution.streaming.runtime.StreamingRelation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Refuses a streaming query whose dead-letter topic is also one of its Kafka source topics on the
 * same brokers: each dead letter would be read again, fail again and be written back, a feedback
 * loop that grows the DLQ without end. Recognises Spark's {@code kafka} source and the {@code
 * kafka-dead-letters} read format (which wraps it), by their {@code subscribe}, {@code
 * subscribePattern} and {@code assign} options. Batch writes are not checked: a batch reads a
 * fixed range, and a replay writes re-failures back to the DLQ it read on purpose.
 *
 * <p>Driver-only, stateless.
 */
public final class FeedbackLoopCheck {

  private static final Logger LOG = LoggerFactory.getLogger(FeedbackLoopCheck.class);

  private static final Set<String> KAFKA_SOURCES = Set.of("kafka", "kafka-dead-letters");
  private static final Pattern ASSIGNED_TOPIC = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:\\s*\\[");

  private FeedbackLoopCheck() {}

  /**
   * Throws, naming the DLQ option ({@code dlq.topic} or {@code dlq.topic.<REASON>}), if {@code plan}
   * (a streaming query's analyzed plan) reads a DLQ topic from the brokers the dead letters go to;
   * does nothing without a DLQ topic.
   */
  public static void check(LogicalPlan plan, DeadLetterSpec deadLetters) {
    if (deadLetters == null || deadLetters.topic() == null) {
      return;
    }
    Set<String> dlqBrokers =
        brokers(deadLetters.producerSettingsView().get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
    List<Map<String, String>> sources = new ArrayList<>();
    collectKafkaSources(plan, sources);
    for (Map<String, String> source : sources) {
      Set<String> sourceBrokers = brokers(source.get("kafka.bootstrap.servers"));
      boolean sameBrokers = sourceBrokers.isEmpty() || sourceBrokers.stream().anyMatch(dlqBrokers::contains);
      if (!sameBrokers) {
        continue;
      }
      for (Map.Entry<String, String> dlq : topicOptions(deadLetters).entrySet()) {
        String how = readsTopic(source, dlq.getKey());
        if (how != null) {
          throw new IllegalArgumentException(
              "Option '"
                  + dlq.getValue()
                  + "' ('"
                  + dlq.getKey()
                  + "') is also a source topic of this query ("
                  + how
                  + ") on the same brokers: every dead letter would be read again and written back,"
                  + " a feedback loop. Use another dead-letter topic.");
        }
      }
    }
  }

  /** Says once that a query whose plan is not at hand cannot be checked. */
  public static void cannotCheck(DeadLetterSpec deadLetters, String why) {
    if (deadLetters != null && deadLetters.topic() != null) {
      LOG.warn(
          "Cannot check that the DLQ topics {} are not source topics of the query ({}); a query that"
              + " reads its own DLQ topic writes its dead letters back to it without end.",
          topicOptions(deadLetters).keySet(),
          why);
    }
  }

  /**
   * Every DLQ topic of {@code deadLetters} to the option that names it: {@code dlq.topic} first,
   * then the per-reason topics ({@code dlq.topic.<REASON>}); empty when dead letters only go to Delta.
   */
  static Map<String, String> topicOptions(DeadLetterSpec deadLetters) {
    Map<String, String> topics = new LinkedHashMap<>();
    if (deadLetters.topic() != null) {
      topics.put(deadLetters.topic(), SinkOptions.DLQ_TOPIC);
      deadLetters.topicsByReason().forEach(
          (reason, t) -> topics.putIfAbsent(t, SinkOptions.DLQ_TOPIC_REASON_PREFIX + reason.name()));
    }
    return topics;
  }

  /** How {@code source} reads {@code topic} (the option and its value), or null if it does not. */
  static String readsTopic(Map<String, String> source, String topic) {
    String subscribe = source.get("subscribe");
    if (subscribe != null) {
      for (String t : subscribe.split(",")) {
        if (t.trim().equals(topic)) {
          return "subscribe=" + subscribe;
        }
      }
    }
    String pattern = source.get("subscribepattern");
    if (pattern != null) {
      try {
        if (Pattern.compile(pattern.trim()).matcher(topic).matches()) {
          return "subscribePattern=" + pattern;
        }
      } catch (PatternSyntaxException e) {
        // Spark's source refuses it itself.
      }
    }
    String assign = source.get("assign");
    if (assign != null) {
      Matcher m = ASSIGNED_TOPIC.matcher(assign);
      while (m.find()) {
        if (m.group(1).equals(topic)) {
          return "assign=" + assign;
        }
      }
    }
    return null;
  }

  private static void collectKafkaSources(LogicalPlan plan, List<Map<String, String>> out) {
    if (plan instanceof StreamingRelationV2 r) {
      if (KAFKA_SOURCES.contains(r.sourceName().toLowerCase(Locale.ROOT))) {
        out.add(lowerCaseKeys(r.extraOptions().asCaseSensitiveMap()));
      }
      return;
    }
    if (plan instanceof StreamingRelation r) {
      if (KAFKA_SOURCES.contains(r.sourceName().toLowerCase(Locale.ROOT))) {
        out.add(lowerCaseKeys(CollectionConverters.asJava(r.dataSource().options())));
      }
      return;
    }
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      collectKafkaSources(child, out);
    }
  }

  private static Map<String, String> lowerCaseKeys(Map<String, String> options) {
    Map<String, String> lower = new TreeMap<>();
    options.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return lower;
  }

  private static Set<String> brokers(String bootstrapServers) {
    Set<String> out = new HashSet<>();
    if (bootstrapServers != null) {
      for (String address : bootstrapServers.split(",")) {
        if (!address.isBlank()) {
          out.add(address.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }
}
