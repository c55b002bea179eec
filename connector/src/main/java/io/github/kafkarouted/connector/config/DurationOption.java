package io.github.kafkarouted.connector.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A duration option written the way Spark users write trigger intervals ({@code "30 seconds"},
 * {@code "1 minute"}) or in short form ({@code "500ms"}, {@code "30s"}, {@code "2m"}, {@code
 * "1h"}): parsed to milliseconds, refused naming the option when it is neither.
 */
final class DurationOption {

  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ms|milliseconds?|s|seconds?|m|min|minutes?|h|hours?)");

  private DurationOption() {}

  /** Validates a positive duration. */
  static ConfigDef.Validator positive() {
    return (name, value) -> millis(name, value);
  }

  /** @throws ConfigException naming {@code option} unless {@code value} is a positive duration */
  static long millis(String option, Object value) {
    Matcher m = value == null ? null : DURATION.matcher(value.toString().trim().toLowerCase(Locale.ROOT));
    if (m == null || !m.matches()) {
      throw new ConfigException(
          option, value, "Not a duration: write it like '1 minute', '30 seconds', '500ms' or '2m'.");
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new ConfigException(option, value, "Too long a duration.");
    }
    String unit = m.group(2);
    long scale =
        unit.startsWith("ms") || unit.startsWith("milli")
            ? 1
            : unit.startsWith("s") ? 1_000 : unit.startsWith("h") ? 3_600_000 : 60_000;
    if (amount <= 0 || amount > Long.MAX_VALUE / 1_000_000 / scale) {
      throw new ConfigException(option, value, "Must be more than 0 and less than 100 days.");
    }
    return amount * scale;
  }
}
