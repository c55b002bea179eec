package io.github.kafkarouted.connector.config;

import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;

/**
 * Sorts the option keys a sink receives. Spark passes every option of the writer to the sink, its
 * own ({@code checkpointLocation}, {@code path}) among them, so a misspelt key would otherwise be
 * ignored silently and only show at run time (a typo of {@code dlq.topic} makes the first bad
 * record fail the query). A key with blanks around it, or one or two edits away from a key of ours
 * in any namespace ({@code rout.1.topic}, {@code kafka.compresion.type}), fails {@code start()}
 * with "did you mean"; other unknown keys are returned so that the sink can warn about them once
 * (an option of a newer version must not break an older one).
 *
 * <p>Stateless and thread-safe.
 */
final class OptionKeys {

  /** How far (in edits) an unknown key may be from a known one to be taken for a typo of it. */
  private static final int MAX_TYPO_EDITS = 2;

  /** Shorter keys are too close to everything to be judged typos. */
  private static final int MIN_TYPO_LENGTH = 5;

  /** Options Spark's writers read themselves. */
  // DataStreamWriter.queryName(...) reaches the sink as an option too.
  private static final List<String> SPARK_KEYS = List.of("checkpointLocation", "path", "queryName");

  private static final Pattern NUMBER = Pattern.compile("\\d+");

  private OptionKeys() {}

  /**
   * Throws for a key with blanks around it or a likely typo of a known key; returns the keys that
   * are unknown but not close to any (to warn about).
   */
  static List<String> check(Map<String, String> options) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      String trimmed = key.strip();
      if (!trimmed.equals(key)) {
        throw new ConfigException(
            "Option key '"
                + key
                + "' has blanks around it; Spark passes keys as written. Did you mean '"
                + trimmed
                + "'?");
      }
      if (!isKnown(key)) {
        String closest = closestKnown(key);
        if (closest != null) {
          throw new ConfigException(
              key,
              SecretRedaction.isSecret(key) ? SecretRedaction.REDACTED : e.getValue(),
              "Unknown kafka-routed option. Did you mean '" + closest + "'?");
        }
        unknown.add(key);
      }
    }
    return unknown;
  }

  /** Whether the sink, its producers or Spark use {@code key}; route keys are checked by {@link SinkConf}. */
  private static boolean isKnown(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.startsWith(SinkOptions.DLQ_KAFKA_PREFIX)) {
      return ProducerSettingsCheck.isProducerSetting(
          KafkaSettingOptions.settingName(key, SinkOptions.DLQ_KAFKA_PREFIX));
    }
    if (lower.startsWith(SinkOptions.KAFKA_PREFIX)) {
      return ProducerSettingsCheck.isProducerSetting(
          KafkaSettingOptions.settingName(key, SinkOptions.KAFKA_PREFIX));
    }
    // dlq.topic.<REASON> is judged by SinkConf (an unknown reason fails start() there), not as a typo of dlq.topic.
    return lower.startsWith(SinkOptions.ROUTE_PREFIX)
        || lower.startsWith(SinkOptions.RULE_PREFIX)
        || lower.startsWith(SinkOptions.DLQ_TOPIC_REASON_PREFIX)
        || SinkOptions.canonicalKey(key) != null
        || SPARK_KEYS.stream().anyMatch(key::equalsIgnoreCase);
  }

  /** The known key one or two edits away from {@code key} (any case), or null. */
  static String closestKnown(String key) {
    if (key.length() < MIN_TYPO_LENGTH) {
      return null;
    }
    String lower = key.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = MAX_TYPO_EDITS + 1;
    for (String candidate : candidates(key)) {
      // Never 0: every key is known in any case (producer settings are lower-cased, as by Spark).
      int d = editDistance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d > 0 && d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  private static List<String> candidates(String key) {
    List<String> all = new ArrayList<>(SinkOptions.DEFINITION.names());
    Matcher number = NUMBER.matcher(key);
    String n = number.find() ? number.group() : "1";
    for (String field :
        List.of(
            SinkOptions.ROUTE_TOPIC_SUFFIX,
            SinkOptions.ROUTE_TOPIC_EXPR_SUFFIX,
            SinkOptions.ROUTE_WHEN_SUFFIX)) {
      all.add(SinkOptions.ROUTE_PREFIX + n + "." + field);
    }
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      all.add(DlqTopicOptions.optionKey(reason));
    }
    for (String setting : ProducerSettingsCheck.names()) {
      all.add(SinkOptions.KAFKA_PREFIX + setting);
      all.add(SinkOptions.DLQ_KAFKA_PREFIX + setting);
    }
    // Short keys ("path") are too close to everything to suggest.
    SPARK_KEYS.stream().filter(k -> k.length() >= MIN_TYPO_LENGTH).forEach(all::add);
    return all;
  }

  /** Levenshtein distance (insertions, deletions, substitutions). */
  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
