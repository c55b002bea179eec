package io.github.kafkarouted.lag.offsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The options one Kafka source of a streaming query was defined with ({@code subscribe}, {@code
 * subscribePattern} or {@code assign}, and {@code kafka.*}), as read from the query's plan. Tells
 * which topics the source reads (to match a progress entry, which carries no options, to its
 * source) and how to connect to its cluster.
 *
 * <p>Immutable and thread-safe. {@link #toString()} redacts secrets.
 */
public final class KafkaSourceOptions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> options;
  private final Set<String> subscribed;
  private final Pattern pattern;
  private final Set<String> assigned;

  private KafkaSourceOptions(Map<String, String> options) {
    this.options = Collections.unmodifiableMap(options);
    this.subscribed = parseList(options.get("subscribe"));
    this.pattern = parsePattern(options.get("subscribepattern"));
    this.assigned = parseAssignedTopics(options.get("assign"));
  }

  /** Wraps a source's options; keys are matched case-insensitively, as Spark does. */
  public static KafkaSourceOptions of(Map<String, String> options) {
    Map<String, String> lower = new TreeMap<>();
    options.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return new KafkaSourceOptions(lower);
  }

  /** True if this source reads {@code topic} (by subscription, pattern or assignment). */
  public boolean reads(String topic) {
    return subscribed.contains(topic)
        || assigned.contains(topic)
        || (pattern != null && pattern.matcher(topic).matches());
  }

  /** The source's cluster, with {@code overrides} on top; empty if no bootstrap servers. */
  public Optional<KafkaConnection> connection(Map<String, String> overrides) {
    return KafkaConnection.of(options, overrides);
  }

  /** The options, keys lower case. Holds secrets: never log. */
  public Map<String, String> options() {
    return options;
  }

  private static Set<String> parseList(String value) {
    Set<String> topics = new HashSet<>();
    if (value != null) {
      for (String t : value.split(",")) {
        if (!t.isBlank()) {
          topics.add(t.trim());
        }
      }
    }
    return topics;
  }

  private static Pattern parsePattern(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Pattern.compile(value.trim());
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  /** {@code assign} is {@code {"topicA":[0,1],"topicB":[2]}}. */
  private static Set<String> parseAssignedTopics(String value) {
    Set<String> topics = new HashSet<>();
    if (value == null || value.isBlank()) {
      return topics;
    }
    try {
      JsonNode root = JSON.readTree(value);
      if (root != null && root.isObject()) {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
          topics.add(it.next());
        }
      }
    } catch (java.io.IOException e) {
      // Spark would have refused the query; nothing to match then.
    }
    return topics;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaSourceOptions && ((KafkaSourceOptions) o).options.equals(options);
  }

  @Override
  public int hashCode() {
    return options.hashCode();
  }

  @Override
  public String toString() {
    return "KafkaSourceOptions" + KafkaConnection.redact(options);
  }
}
