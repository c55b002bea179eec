package io.github.kafkarouted.connector.config;

import io.github.kafkarouted.connector.delivery.ExactlyOnce;
import io.github.kafkarouted.connector.routing.RoutingMode;
import io.github.kafkarouted.connector.routing.TopicPolicy;
import io.github.kafkarouted.connector.routing.UnmatchedPolicy;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import io.github.kafkarouted.connector.quality.ErrorBudget;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's options, parsed and checked once on the driver. Immutable; never serialized (executors
 * get a {@link io.github.kafkarouted.connector.plan.WriterSpec} built from it).
 *
 * <p>Every error names the option and, except for producer settings (which may be secrets), the
 * bad value.
 */
public final class SinkConf {

  private static final Logger LOG = LoggerFactory.getLogger(SinkConf.class);

  private final Map<String, String> producerSettings;
  private final String defaultTopic;
  private final List<RouteOption> routes;
  private final RoutingMode routingMode;
  private final UnmatchedPolicy unmatchedPolicy;
  private final boolean jsonValue;
  private final boolean topicCheck;
  private final long topicCheckTimeoutMs;
  private final String dlqTopic;
  private final Map<DeadLetterReason, String> dlqTopicsByReason;
  private final Map<String, String> dlqTopicOptions;
  private final String dlqDeltaPath;
  private final String dlqDeltaTable;
  private final Map<String, String> dlqProducerSettings;
  private final HeaderStyle dlqHeaderStyle;
  private final DeadLetterFormat dlqFormat;
  private final boolean dlqIncludeStacktrace;
  private final ValidationConf validation;
  private final List<RuleOption> rules;
  private final Pattern topicAllowed;
  private final ErrorBudget errorBudget;
  private final boolean idempotencyKeys;
  private final boolean realTimeMode;
  private final ExactlyOnce exactlyOnce;

  private SinkConf(Map<String, String> options) {
    List<String> unknown = OptionKeys.check(options);
    if (!unknown.isEmpty()) {
      LOG.warn(
          "Ignoring options that neither kafka-routed, its Kafka producers nor Spark use: {}",
          unknown);
    }
    Map<String, String> fixed = new HashMap<>();
    KafkaSettingOptions producer = new KafkaSettingOptions(SinkOptions.KAFKA_PREFIX);
    KafkaSettingOptions dlqProducer = new KafkaSettingOptions(SinkOptions.DLQ_KAFKA_PREFIX);
    RouteOptions routeOptions = new RouteOptions();
    RuleOptions ruleOptions = new RuleOptions();
    DlqTopicOptions dlqTopicsOptions = new DlqTopicOptions();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      String lower = key.toLowerCase(Locale.ROOT);
      if (lower.startsWith(SinkOptions.DLQ_KAFKA_PREFIX)) {
        dlqProducer.collect(key, e.getValue());
      } else if (lower.startsWith(SinkOptions.KAFKA_PREFIX)) {
        producer.collect(key, e.getValue());
      } else if (lower.startsWith(SinkOptions.ROUTE_PREFIX)) {
        routeOptions.collect(key, e.getValue());
      } else if (lower.startsWith(SinkOptions.RULE_PREFIX)) {
        ruleOptions.collect(key, e.getValue());
      } else if (lower.startsWith(SinkOptions.DLQ_TOPIC_REASON_PREFIX)) {
        dlqTopicsOptions.collect(key, e.getValue());
      } else if (SinkOptions.canonicalKey(key) != null) {
        fixed.put(SinkOptions.canonicalKey(key), e.getValue());
      }
    }
    AbstractConfig parsed = new AbstractConfig(SinkOptions.DEFINITION, fixed, false);

    this.producerSettings = Collections.unmodifiableMap(ProducerSettingsCheck.refuseSerializersAndRequireServers(producer.settings()));
    ProducerSettingsCheck.validate(producerSettings, SinkOptions.KAFKA_PREFIX);
    String topic = parsed.getString(SinkOptions.TOPIC);
    this.defaultTopic = topic == null ? null : topic.trim();
    if (defaultTopic != null) {
      checkTopicName(SinkOptions.TOPIC, defaultTopic);
    }
    this.routes = List.copyOf(routeOptions.build());
    this.routingMode =
        SinkOptions.ROUTING_MODE_ALL_MATCHES.equals(parsed.getString(SinkOptions.ROUTING_MODE))
            ? RoutingMode.ALL_MATCHES
            : RoutingMode.FIRST_MATCH;
    this.unmatchedPolicy =
        SinkOptions.ROUTING_UNMATCHED_DROP.equals(parsed.getString(SinkOptions.ROUTING_UNMATCHED))
            ? UnmatchedPolicy.DROP
            : UnmatchedPolicy.FAIL;
    this.jsonValue =
        SinkOptions.VALUE_FORMAT_JSON.equals(parsed.getString(SinkOptions.VALUE_FORMAT));
    this.topicCheck = parsed.getBoolean(SinkOptions.TOPIC_CHECK);
    this.topicCheckTimeoutMs = parsed.getLong(SinkOptions.TOPIC_CHECK_TIMEOUT_MS);

    this.dlqTopic = blankToNull(parsed.getString(SinkOptions.DLQ_TOPIC));
    if (dlqTopic != null) {
      checkTopicName(SinkOptions.DLQ_TOPIC, dlqTopic);
    }
    this.dlqTopicsByReason = dlqTopicsOptions.build(dlqTopic);
    this.dlqTopicOptions = DlqTopicOptions.topicOptions(dlqTopic, dlqTopicsByReason);
    DlqTopicOptions.checkNotARoute(dlqTopicOptions, defaultTopic, routes);
    this.dlqDeltaPath = blankToNull(parsed.getString(SinkOptions.DLQ_DELTA_PATH));
    this.dlqDeltaTable = blankToNull(parsed.getString(SinkOptions.DLQ_DELTA_TABLE));
    if (dlqDeltaPath != null && dlqDeltaTable != null) {
      throw new ConfigException(
          SinkOptions.DLQ_DELTA_TABLE,
          dlqDeltaTable,
          "Set either " + SinkOptions.DLQ_DELTA_PATH + " or " + SinkOptions.DLQ_DELTA_TABLE + ", not both.");
    }
    Map<String, String> dlqSettings = new TreeMap<>(producerSettings);
    dlqSettings.putAll(ProducerSettingsCheck.refuseDlqSerializers(dlqProducer.settings()));
    this.dlqProducerSettings = Collections.unmodifiableMap(dlqSettings);
    checkDeliveryReports(dlqProducer.settings());
    this.dlqHeaderStyle = HeaderStyle.fromOption(parsed.getString(SinkOptions.DLQ_HEADERS));
    this.dlqFormat = DeadLetterFormat.fromOption(parsed.getString(SinkOptions.DLQ_FORMAT));
    this.dlqIncludeStacktrace = parsed.getBoolean(SinkOptions.DLQ_INCLUDE_STACKTRACE);
    this.validation = ValidationConf.parse(parsed, parsed.originals().containsKey(SinkOptions.VALIDATION_ALIAS));
    this.rules = List.copyOf(ruleOptions.build(hasDeadLetters()));
    String allowed = parsed.getString(SinkOptions.TOPIC_ALLOWED);
    this.topicAllowed = allowed == null ? null : Pattern.compile(allowed);
    checkLiteralTopicsAllowed();
    this.errorBudget =
        new ErrorBudget(
            parsed.getDouble(SinkOptions.DLQ_MAX_RATIO),
            parsed.getLong(SinkOptions.DLQ_MAX_COUNT),
            parsed.getLong(SinkOptions.DLQ_BUDGET_MIN_ROWS),
            DurationOption.millis(SinkOptions.DLQ_BUDGET_WINDOW, parsed.getString(SinkOptions.DLQ_BUDGET_WINDOW)));
    this.idempotencyKeys = parsed.getBoolean(SinkOptions.IDEMPOTENCY_KEYS);
    this.realTimeMode = parsed.getBoolean(SinkOptions.REAL_TIME_MODE);
    this.exactlyOnce = DeliveryOptions.parse(parsed, producerSettings, dlqProducer.settings(), dlqDeltaOption());
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /**
   * Dead letters promise that no record is lost: every failure must reach the sink, and a dead
   * letter must fit. Without dead letters, acks=0 keeps the stock sink's behaviour (a refused
   * record is lost), said once at start.
   */
  private void checkDeliveryReports(Map<String, String> dlqOverrides) {
    if (!dlqOverrides.isEmpty()) {
      ProducerSettingsCheck.validate(dlqProducerSettings, SinkOptions.DLQ_KAFKA_PREFIX);
    }
    if (hasDeadLetters()) {
      ProducerSettingsCheck.requireAcknowledgements(producerSettings, dlqOverrides);
    } else if (ProducerSettingsCheck.isAcksZero(producerSettings.get(ProducerConfig.ACKS_CONFIG))) {
      LOG.warn(
          "{}=0: the producer reports no broker-side failure, so records the brokers refuse are lost"
              + " without an error (as with Spark's kafka sink). Set dlq.topic and acks=1 or all to"
              + " keep them.",
          SinkOptions.KAFKA_PREFIX + ProducerConfig.ACKS_CONFIG);
    }
    if (dlqTopic != null) {
      ProducerSettingsCheck.requireDeadLetterRoom(
          ProducerSettingsCheck.maxRequestSize(dlqProducerSettings, SinkOptions.DLQ_KAFKA_PREFIX), dlqOverrides);
    }
  }

  /** Parses {@code options} (keys in any case, as Spark passes them). */
  public static SinkConf parse(Map<String, String> options) {
    return new SinkConf(options);
  }

  /** Throws naming {@code option} if {@code topic} is not a topic name the sink may write. */
  static void checkTopicName(String option, String topic) {
    try {
      Topic.validate(topic);
    } catch (RuntimeException e) {
      throw new ConfigException(option, topic, e.getMessage());
    }
    String reserved = TopicPolicy.reservedProblem(topic);
    if (reserved != null) {
      throw new ConfigException(option, topic, reserved);
    }
  }

  /** Producer settings given as {@code kafka.*}, prefix removed, names lower-cased; may hold secrets: never log. */
  public Map<String, String> producerSettings() {
    return producerSettings;
  }

  /** The {@code topic} option, trimmed, or null. */
  public String defaultTopic() {
    return defaultTopic;
  }

  /** Routes in ascending route number. */
  public List<RouteOption> routes() {
    return routes;
  }

  public RoutingMode routingMode() {
    return routingMode;
  }

  public UnmatchedPolicy unmatchedPolicy() {
    return unmatchedPolicy;
  }

  public boolean jsonValue() {
    return jsonValue;
  }

  public boolean topicCheck() {
    return topicCheck;
  }

  public long topicCheckTimeoutMs() {
    return topicCheckTimeoutMs;
  }

  /** The {@code dlq.topic} option, or null: bad records then fail the task. */
  public String dlqTopic() {
    return dlqTopic;
  }

  /** The {@code dlq.topic.<REASON>} options (reasons not in it use {@link #dlqTopic}); unmodifiable. */
  public Map<DeadLetterReason, String> dlqTopicsByReason() {
    return dlqTopicsByReason;
  }

  /** Every DLQ topic ({@code dlq.topic} first) to the option that names it; empty without. */
  public Map<String, String> dlqTopicOptions() {
    return dlqTopicOptions;
  }

  /** The {@code dlq.delta.path} option, or null. */
  public String dlqDeltaPath() {
    return dlqDeltaPath;
  }

  /** The {@code dlq.delta.table} option, or null. */
  public String dlqDeltaTable() {
    return dlqDeltaTable;
  }

  /** The Delta option the user set ({@code dlq.delta.path} or {@code dlq.delta.table}), or null. */
  public String dlqDeltaOption() {
    return dlqDeltaPath != null ? SinkOptions.DLQ_DELTA_PATH : dlqDeltaTable != null ? SinkOptions.DLQ_DELTA_TABLE : null;
  }

  /** Whether bad records become dead letters (to a topic, a Delta table or both) instead of failing the task. */
  public boolean hasDeadLetters() {
    return dlqTopic != null || dlqDeltaOption() != null;
  }

  /** The {@code kafka.*} settings overridden by {@code dlq.kafka.*}; may hold secrets: never log. */
  public Map<String, String> dlqProducerSettings() {
    return dlqProducerSettings;
  }

  public HeaderStyle dlqHeaderStyle() {
    return dlqHeaderStyle;
  }

  public DeadLetterFormat dlqFormat() {
    return dlqFormat;
  }

  public boolean dlqIncludeStacktrace() {
    return dlqIncludeStacktrace;
  }

  /** Literal topics the {@code topic.allowed} pattern refuses would fail every record: refuse them now. */
  private void checkLiteralTopicsAllowed() {
    if (topicAllowed == null) {
      return;
    }
    if (defaultTopic != null && !topicAllowed.matcher(defaultTopic).matches()) {
      throw new ConfigException(
          SinkOptions.TOPIC, defaultTopic, "Not allowed by " + SinkOptions.TOPIC_ALLOWED + " (" + topicAllowed.pattern() + ").");
    }
    for (RouteOption r : routes) {
      if (r.hasLiteralTopic() && !topicAllowed.matcher(r.topic()).matches()) {
        throw new ConfigException(
            r.topicKey(), r.topic(), "Not allowed by " + SinkOptions.TOPIC_ALLOWED + " (" + topicAllowed.pattern() + ").");
      }
    }
  }

  /** The error budget ({@code dlq.maxRatio}, {@code dlq.maxCount}, {@code dlq.budget.*}). */
  public ErrorBudget errorBudget() {
    return errorBudget;
  }

  /** The {@code topic.allowed} pattern (whole-name match), or null. */
  public Pattern topicAllowed() {
    return topicAllowed;
  }

  /** The data-quality rules ({@code validation.rule.<name>}), in name order. */
  public List<RuleOption> rules() {
    return rules;
  }

  /** The {@code validation.*} options. */
  public ValidationConf validation() {
    return validation;
  }

  public boolean idempotencyKeys() {
    return idempotencyKeys;
  }

  /** The {@code delivery.*} options with {@code delivery.guarantee=exactly-once}, else null. */
  public ExactlyOnce exactlyOnce() {
    return exactlyOnce;
  }

  /** The {@code realTimeMode} option: the streaming query runs with {@code Trigger.RealTime}. */
  public boolean realTimeMode() {
    return realTimeMode;
  }
}
