package io.github.kafkarouted.it.demo;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's command-line flags, parsed once. Every flag is declared here with its default and its
 * line of {@link #usage()}; a bad value fails with a message naming the flag.
 *
 * <p>Immutable and thread-safe.
 *
 * @param trigger the Spark trigger of the routing query
 * @param ratePerSecond events the generator produces per second
 * @param duration how long the generator runs before the demo drains and stops
 * @param bootstrapServers an external cluster; empty starts the embedded broker
 * @param badRecords whether the generator mixes in malformed, invalid, oversize and unroutable events
 * @param realTimeBatch batch length under {@code --trigger realtime}
 * @param partitions partitions of the source topic (also the Spark task slots)
 * @param plainView one status line per second instead of the redrawn ANSI screen
 */
public record DemoOptions(
    DemoTrigger trigger,
    int ratePerSecond,
    Duration duration,
    Optional<String> bootstrapServers,
    boolean badRecords,
    Duration realTimeBatch,
    int partitions,
    boolean plainView) {

  public static final DemoTrigger DEFAULT_TRIGGER = DemoTrigger.REALTIME;
  public static final int DEFAULT_RATE = 200;
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(60);
  public static final int DEFAULT_PARTITIONS = 4;

  /**
   * Whether bad records are on without {@code --bad-records}/{@code --no-bad-records}. They need
   * the sink's dead-letter queue ({@code dlq.topic}, {@code validation.schema}); without it a
   * malformed or oversize record fails the query, as with Spark's stock sink.
   */
  public static final boolean DEFAULT_BAD_RECORDS = true;

  /** Real-Time Mode's default batch, used when the demo runs long enough to hold one. */
  public static final Duration LONG_REAL_TIME_BATCH = Duration.ofMinutes(5);

  /** Spark's minimum Real-Time Mode batch ({@code spark.sql.streaming.realTimeMode.minBatchDuration}). */
  public static final Duration MIN_REAL_TIME_BATCH = Duration.ofSeconds(5);

  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,9})\\s*(ms|s|sec|m|min|h)?", Pattern.CASE_INSENSITIVE);

  public DemoOptions {
    if (ratePerSecond < 1 || ratePerSecond > 100_000) {
      throw new IllegalArgumentException("--rate must be between 1 and 100000 events/s, got " + ratePerSecond);
    }
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("--duration must be at least 1s, got " + duration.toMillis() + "ms");
    }
    if (realTimeBatch.compareTo(MIN_REAL_TIME_BATCH) < 0) {
      throw new IllegalArgumentException(
          "--rtm-batch must be at least " + MIN_REAL_TIME_BATCH.toSeconds() + "s (Spark's minimum), got "
              + realTimeBatch.toMillis() + "ms");
    }
    if (partitions < 1 || partitions > 64) {
      throw new IllegalArgumentException("--partitions must be between 1 and 64, got " + partitions);
    }
  }

  /** The defaults: {@code --trigger realtime --rate 200 --duration 60s}, embedded broker. */
  public static DemoOptions defaults() {
    return parse(List.of());
  }

  /**
   * Parses {@code args}; flags take their value as the next argument or after {@code =}.
   *
   * @throws IllegalArgumentException naming the flag, for an unknown flag or a bad value
   */
  public static DemoOptions parse(List<String> args) {
    DemoTrigger trigger = DEFAULT_TRIGGER;
    int rate = DEFAULT_RATE;
    Duration duration = DEFAULT_DURATION;
    String bootstrap = null;
    boolean badRecords = DEFAULT_BAD_RECORDS;
    Duration rtmBatch = null;
    int partitions = DEFAULT_PARTITIONS;
    boolean plain = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String flag = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        flag = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      }
      switch (flag) {
        case "--trigger" -> {
          String v = inline != null ? inline : value(args, ++i, flag);
          trigger = DemoTrigger.parse(v);
        }
        case "--rate" -> rate = parseInt(flag, inline != null ? inline : value(args, ++i, flag));
        case "--duration" -> duration = parseDuration(flag, inline != null ? inline : value(args, ++i, flag));
        case "--bootstrap-servers" -> {
          bootstrap = inline != null ? inline : value(args, ++i, flag);
          if (bootstrap.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers needs host:port[,host:port...]");
          }
        }
        case "--bad-records" -> badRecords = inline == null || parseBoolean(flag, inline);
        case "--no-bad-records" -> badRecords = false;
        case "--rtm-batch" -> rtmBatch = parseDuration(flag, inline != null ? inline : value(args, ++i, flag));
        case "--partitions" -> partitions = parseInt(flag, inline != null ? inline : value(args, ++i, flag));
        case "--plain" -> plain = true;
        default -> throw new IllegalArgumentException("Unknown argument '" + arg + "'");
      }
    }
    return new DemoOptions(
        trigger,
        rate,
        duration,
        Optional.ofNullable(bootstrap).map(String::trim),
        badRecords,
        rtmBatch != null ? rtmBatch : defaultRealTimeBatch(duration),
        partitions,
        plain);
  }

  /**
   * Real-Time Mode's 5-minute batch when the demo runs that long; otherwise half the run (at least
   * Spark's 5 s minimum), so that a short demo still shows a batch commit. Each commit pauses
   * processing for 50-400 ms, which shows in the latency tail: longer batches, fewer pauses.
   */
  static Duration defaultRealTimeBatch(Duration duration) {
    if (duration.compareTo(LONG_REAL_TIME_BATCH) >= 0) {
      return LONG_REAL_TIME_BATCH;
    }
    Duration half = Duration.ofSeconds(Math.max(1, duration.toSeconds() / 2));
    return half.compareTo(MIN_REAL_TIME_BATCH) < 0 ? MIN_REAL_TIME_BATCH : half;
  }

  /** Whether the demo starts its own broker. */
  public boolean embeddedBroker() {
    return bootstrapServers.isEmpty();
  }

  /** The flags, their defaults and what they do. */
  public static String usage() {
    return String.join(
        "\n",
        "Usage: ./demo.sh [flags]",
        "",
        "Runs kafka-routed end to end: an event generator -> Kafka topic 'events' -> a Spark query",
        "(parse, enrich with a Delta users table, route with format(\"kafka-routed\")) -> the topics",
        "urgent-events, error-events, standard-events and the dead-letter topic events-dlq.",
        "",
        "  --trigger realtime|microbatch|continuous   Spark trigger (default " + DEFAULT_TRIGGER.flagValue() + ")",
        "  --rate N                 events per second (default " + DEFAULT_RATE + ")",
        "  --duration D             how long to generate events, e.g. 60s, 5m (default "
            + DEFAULT_DURATION.toSeconds() + "s)",
        "  --bootstrap-servers H:P  use this Kafka cluster instead of starting one",
        "  --bad-records            mix in malformed, invalid, oversize and unroutable events (default "
            + (DEFAULT_BAD_RECORDS ? "on" : "off") + ")",
        "  --no-bad-records         only good events",
        "  --rtm-batch D            Real-Time Mode batch length (default: 5m, or half of --duration",
        "                           when shorter, at least 5s)",
        "  --partitions N           partitions of 'events' and Spark task slots (default "
            + DEFAULT_PARTITIONS + ")",
        "  --plain                  one status line per second instead of the live screen",
        "  --help                   this text",
        "",
        "Exit code 0 when the final check passes: input = routed + dead letters + dropped.");
  }

  private static String value(List<String> args, int index, String flag) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.get(index);
  }

  private static int parseInt(String flag, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a whole number, got '" + value + "'");
    }
  }

  private static boolean parseBoolean(String flag, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true", "on", "yes" -> {
        return true;
      }
      case "false", "off", "no" -> {
        return false;
      }
      default -> throw new IllegalArgumentException(flag + " must be true or false, got '" + value + "'");
    }
  }

  /** {@code 60s}, {@code 500ms}, {@code 5m}, {@code 1h}; a bare number is seconds. */
  static Duration parseDuration(String flag, String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(flag + " must look like 60s, 500ms, 5m or 1h, got '" + value + "'");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s", "sec" -> Duration.ofSeconds(amount);
      case "m", "min" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }
}
