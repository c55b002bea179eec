package io.github.kafkarouted.lag.tracking;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code spark.kafkaRouted.lag.*} setting of the lag listener, declared once with its type,
 * default and doc (the way Kafka's {@code ProducerConfig} declares its settings), and the immutable
 * values parsed from a Spark configuration. Key strings appear nowhere else.
 *
 * <p>One family is not a fixed key: {@code spark.kafkaRouted.lag.kafka.<admin setting>} overrides
 * (or, when a query's source options cannot be read, supplies) the Kafka Admin client settings used
 * to read end offsets, e.g. {@code spark.kafkaRouted.lag.kafka.bootstrap.servers}.
 *
 * <p>Durations take Spark's notation: {@code 500ms}, {@code 10s}, {@code 2min}, {@code 1h}; a bare
 * number is milliseconds, as in Spark.
 *
 * <p>Immutable and thread-safe.
 */
public final class LagListenerConf {

  private static final Logger LOG = LoggerFactory.getLogger(LagListenerConf.class);

  /** Spark's time notation; declared before DEFINITION, whose validators use it. */
  private static final Pattern DURATION =
      Pattern.compile("\\s*(\\d+)\\s*(ms|s|sec|m|min|h|d)?\\s*", Pattern.CASE_INSENSITIVE);

  public static final String PREFIX = "spark.kafkaRouted.lag.";

  public static final String KAFKA_PREFIX = PREFIX + "kafka.";

  public static final String POLL_INTERVAL = PREFIX + "pollInterval";
  private static final String POLL_INTERVAL_DOC =
      "How often the brokers' end offsets are read (Admin.listOffsets) for every partition of every"
          + " running query, so that lag shown is never older than this, also between batches.";

  public static final String ADMIN_TIMEOUT = PREFIX + "adminTimeout";
  private static final String ADMIN_TIMEOUT_DOC =
      "How long one end-offset read or offset commit may wait for the brokers.";

  public static final String PROMETHEUS_PORT = PREFIX + "prometheus.port";
  private static final String PROMETHEUS_PORT_DOC =
      "Port of the Prometheus endpoint (/metrics) on the driver. Unset: no endpoint. 0: any free"
          + " port (see the log line or LagService.prometheusPort()).";

  public static final String PROMETHEUS_HOST = PREFIX + "prometheus.host";
  private static final String PROMETHEUS_HOST_DOC =
      "Interface the Prometheus endpoint binds to. Unset: all interfaces.";

  public static final String LOOKUP_TABLE_SIZE = PREFIX + "lookupTableSize";
  private static final String LOOKUP_TABLE_SIZE_DOC =
      "Samples of (latest offset, time) kept per partition to interpolate lag in seconds, as"
          + " kafka-lag-exporter does. With the default poll interval 60 samples cover 10 minutes of"
          + " changing offsets (flat stretches take two samples).";

  public static final String STATUS_WINDOW = PREFIX + "status.window";
  private static final String STATUS_WINDOW_DOC =
      "Number of position observations (one per batch, idle event or, for continuous queries, per"
          + " poll) over which the Burrow-style partition status is evaluated. STALL and WARN need a"
          + " full window.";

  public static final String STATUS_STOP_AFTER = PREFIX + "status.stopAfter";
  private static final String STATUS_STOP_AFTER_DOC =
      "A partition with lag is STOP when the query reported nothing for longer than the largest of"
          + " this, twice the trigger interval and the time spanned by the status window.";

  public static final String COMMIT_GROUP_ID = PREFIX + "commitGroupId";
  private static final String COMMIT_GROUP_ID_DOC =
      "If set, each query's processed offsets are committed to this consumer group after each"
          + " batch (Admin.alterConsumerGroupOffsets) so that kafka-consumer-groups, Burrow and"
          + " kafka-lag-exporter see Spark queries. {queryName} and {queryId} are replaced by the"
          + " query's name and id. Never used for Spark's own recovery.";

  public static final String EXECUTOR_SAMPLE_INTERVAL = PREFIX + "executor.sampleInterval";
  private static final String EXECUTOR_SAMPLE_INTERVAL_DOC =
      "With the plugin (spark.plugins), how often each executor reads its Kafka consumers'"
          + " positions (records-lead, records-lag over JMX) and sends them to the driver. Real-Time"
          + " Mode queries use them as their live position between batch ends.";

  public static final String MAX_PARTITION_SERIES = PREFIX + "maxPartitionSeries";
  private static final String MAX_PARTITION_SERIES_DOC =
      "Most partitions exported with per-partition series, over all queries: those with the"
          + " largest lag (ties by topic and partition). Per-query totals are always exported. 0:"
          + " per-query totals only.";

  public static final String TREND_WINDOW = PREFIX + "trend.window";
  private static final String TREND_WINDOW_DOC =
      "Time over which lag velocity, consume and produce rates, and the time to catch up are"
          + " computed (from one sample per poll round).";

  public static final String RETENTION_WARN_RATIO = PREFIX + "retention.warnRatio";
  private static final String RETENTION_WARN_RATIO_DOC =
      "Retention risk is WARN when the position's distance to the partition's earliest offset is"
          + " less than this fraction of the retained range (end offset minus earliest offset):"
          + " the next segment deletions may delete records the query has not read.";

  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              POLL_INTERVAL,
              Type.STRING,
              "10s",
              new DurationValidator(Duration.ofMillis(100)),
              Importance.HIGH,
              POLL_INTERVAL_DOC)
          .define(
              ADMIN_TIMEOUT,
              Type.STRING,
              "5s",
              new DurationValidator(Duration.ofMillis(100)),
              Importance.LOW,
              ADMIN_TIMEOUT_DOC)
          .define(
              PROMETHEUS_PORT,
              Type.INT,
              null,
              ConfigDef.LambdaValidator.with(
                  (name, value) -> {
                    if (value != null) {
                      Range.between(0, 65535).ensureValid(name, value);
                    }
                  },
                  () -> "unset or [0,...,65535]"),
              Importance.MEDIUM,
              PROMETHEUS_PORT_DOC)
          .define(PROMETHEUS_HOST, Type.STRING, null, Importance.LOW, PROMETHEUS_HOST_DOC)
          .define(
              LOOKUP_TABLE_SIZE,
              Type.INT,
              60,
              Range.atLeast(2),
              Importance.LOW,
              LOOKUP_TABLE_SIZE_DOC)
          .define(STATUS_WINDOW, Type.INT, 5, Range.atLeast(2), Importance.LOW, STATUS_WINDOW_DOC)
          .define(
              STATUS_STOP_AFTER,
              Type.STRING,
              "2min",
              new DurationValidator(Duration.ofSeconds(1)),
              Importance.LOW,
              STATUS_STOP_AFTER_DOC)
          .define(COMMIT_GROUP_ID, Type.STRING, null, Importance.MEDIUM, COMMIT_GROUP_ID_DOC)
          .define(
              EXECUTOR_SAMPLE_INTERVAL,
              Type.STRING,
              "1s",
              new DurationValidator(Duration.ofMillis(100)),
              Importance.LOW,
              EXECUTOR_SAMPLE_INTERVAL_DOC)
          .define(
              MAX_PARTITION_SERIES,
              Type.INT,
              1000,
              Range.atLeast(0),
              Importance.MEDIUM,
              MAX_PARTITION_SERIES_DOC)
          .define(
              TREND_WINDOW,
              Type.STRING,
              "1min",
              new DurationValidator(Duration.ofSeconds(1)),
              Importance.LOW,
              TREND_WINDOW_DOC)
          .define(
              RETENTION_WARN_RATIO,
              Type.DOUBLE,
              0.2,
              Range.between(0.0, 1.0),
              Importance.LOW,
              RETENTION_WARN_RATIO_DOC);

  private final Duration pollInterval;
  private final Duration adminTimeout;
  private final Integer prometheusPort;
  private final String prometheusHost;
  private final int lookupTableSize;
  private final int statusWindow;
  private final Duration stopAfter;
  private final String commitGroupId;
  private final Duration executorSampleInterval;
  private final int maxPartitionSeries;
  private final Duration trendWindow;
  private final double retentionWarnRatio;
  private final Map<String, String> kafkaOverrides;

  private LagListenerConf(Map<String, Object> parsed, Map<String, String> kafkaOverrides) {
    this.pollInterval = parseDuration(POLL_INTERVAL, (String) parsed.get(POLL_INTERVAL));
    this.adminTimeout = parseDuration(ADMIN_TIMEOUT, (String) parsed.get(ADMIN_TIMEOUT));
    this.prometheusPort = (Integer) parsed.get(PROMETHEUS_PORT);
    this.prometheusHost = (String) parsed.get(PROMETHEUS_HOST);
    this.lookupTableSize = (Integer) parsed.get(LOOKUP_TABLE_SIZE);
    this.statusWindow = (Integer) parsed.get(STATUS_WINDOW);
    this.stopAfter = parseDuration(STATUS_STOP_AFTER, (String) parsed.get(STATUS_STOP_AFTER));
    String group = (String) parsed.get(COMMIT_GROUP_ID);
    this.commitGroupId = group == null || group.isBlank() ? null : group.trim();
    this.executorSampleInterval =
        parseDuration(EXECUTOR_SAMPLE_INTERVAL, (String) parsed.get(EXECUTOR_SAMPLE_INTERVAL));
    this.maxPartitionSeries = (Integer) parsed.get(MAX_PARTITION_SERIES);
    this.trendWindow = parseDuration(TREND_WINDOW, (String) parsed.get(TREND_WINDOW));
    this.retentionWarnRatio = (Double) parsed.get(RETENTION_WARN_RATIO);
    this.kafkaOverrides = Collections.unmodifiableMap(new TreeMap<>(kafkaOverrides));
  }

  /**
   * Parses the entries of a Spark configuration. Keys outside {@link #PREFIX} are ignored; unknown
   * keys inside it are logged, not rejected (a typo must not stop the application).
   *
   * @throws ConfigException naming the key and the bad value
   */
  public static LagListenerConf from(Map<String, String> sparkConf) {
    Map<String, String> ours = new TreeMap<>();
    Map<String, String> overrides = new TreeMap<>();
    Map<String, String> known = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (String name : DEFINITION.names()) {
      known.put(name, name);
    }
    TreeSet<String> unknown = new TreeSet<>();
    for (Map.Entry<String, String> e : sparkConf.entrySet()) {
      String key = e.getKey();
      if (!key.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
        continue;
      }
      if (key.regionMatches(true, 0, KAFKA_PREFIX, 0, KAFKA_PREFIX.length())) {
        String adminKey = key.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT);
        if (!adminKey.isEmpty()) {
          overrides.put(adminKey, e.getValue());
        }
      } else if (known.containsKey(key)) {
        ours.put(known.get(key), e.getValue());
      } else {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      LOG.warn("Ignoring unknown lag listener settings {}; known: {}", unknown, known.keySet());
    }
    return new LagListenerConf(DEFINITION.parse(ours), overrides);
  }

  /** All defaults, no overrides. */
  public static LagListenerConf defaults() {
    return from(Map.of());
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public Duration adminTimeout() {
    return adminTimeout;
  }

  /** The Prometheus endpoint's port; empty when the endpoint is off. */
  public OptionalInt prometheusPort() {
    return prometheusPort == null ? OptionalInt.empty() : OptionalInt.of(prometheusPort);
  }

  public Optional<String> prometheusHost() {
    return Optional.ofNullable(prometheusHost);
  }

  public int lookupTableSize() {
    return lookupTableSize;
  }

  public int statusWindow() {
    return statusWindow;
  }

  public Duration stopAfter() {
    return stopAfter;
  }

  public Optional<String> commitGroupId() {
    return Optional.ofNullable(commitGroupId);
  }

  public Duration executorSampleInterval() {
    return executorSampleInterval;
  }

  /**
   * How long an executor's sample stays usable: three sampling intervals, at least 3 s (Kafka
   * reports {@code last-poll-seconds-ago} in whole seconds).
   */
  public Duration liveSampleTtl() {
    Duration three = executorSampleInterval.multipliedBy(3);
    return three.compareTo(Duration.ofSeconds(3)) < 0 ? Duration.ofSeconds(3) : three;
  }

  public int maxPartitionSeries() {
    return maxPartitionSeries;
  }

  public Duration trendWindow() {
    return trendWindow;
  }

  public double retentionWarnRatio() {
    return retentionWarnRatio;
  }

  /**
   * Admin client settings from {@code spark.kafkaRouted.lag.kafka.*}, prefix removed, keys lower
   * case. May hold secrets: never log it as is.
   */
  public Map<String, String> kafkaOverrides() {
    return kafkaOverrides;
  }

  /** Reference documentation of the settings, as Kafka renders its own configs. */
  public static String documentation() {
    return DEFINITION.toEnrichedRst();
  }

  /**
   * Parses Spark's time notation ({@code 10s}, {@code 500ms}, {@code 2min}, {@code 1h}, {@code 1d};
   * a bare number is milliseconds).
   *
   * @throws ConfigException naming the key and the bad value
   */
  static Duration parseDuration(String key, String value) {
    Matcher m = value == null ? null : DURATION.matcher(value);
    if (m == null || !m.matches()) {
      throw new ConfigException(
          key, value, "expected a duration such as 500ms, 10s, 2min or 1h (bare number = ms)");
    }
    long amount;
    try {
      amount = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "duration out of range");
    }
    String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
    switch (unit) {
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
      case "sec":
        return Duration.ofSeconds(amount);
      case "m":
      case "min":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      default:
        return Duration.ofDays(amount);
    }
  }

  /** Accepts durations in Spark's notation that are at least {@code min}. */
  private static final class DurationValidator implements ConfigDef.Validator {
    private final Duration min;

    DurationValidator(Duration min) {
      this.min = min;
    }

    @Override
    public void ensureValid(String name, Object value) {
      Duration d = parseDuration(name, (String) value);
      if (d.compareTo(min) < 0) {
        throw new ConfigException(name, value, "must be at least " + min.toMillis() + "ms");
      }
    }

    @Override
    public String toString() {
      return "duration >= " + min.toMillis() + "ms (e.g. 500ms, 10s, 2min)";
    }
  }
}
