package io.github.kafkarouted.connector.config;

import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.connector.quality.RuleTable;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * Every option of the {@code kafka-routed} sink, declared once with its type, default and doc (the
 * way Kafka's {@code ProducerConfig} declares its settings). Key strings appear nowhere else.
 *
 * <p>Three families are not fixed keys and are parsed by {@link SinkConf}: {@code kafka.<producer
 * setting>} (passed through to the producer, as in Spark's {@code kafka} sink), {@code
 * route.<n>.topic|topicExpr|when} (routes, evaluated in ascending {@code n}), {@code
 * dlq.kafka.<producer setting>} (overrides the {@code kafka.*} settings for the DLQ producer) and
 * {@code dlq.topic.<REASON>} (the DLQ topic of one dead-letter reason); {@code
 * validation.rule.<name>[.action]} is parsed by {@code RuleOptions}.
 *
 * <p>Spark options are case-insensitive; {@link #canonicalKey} maps any spelling to the declared one.
 */
public final class SinkOptions {

  public static final String KAFKA_PREFIX = "kafka.";
  public static final String BOOTSTRAP_SERVERS = KAFKA_PREFIX + "bootstrap.servers";

  public static final String TOPIC = "topic";
  private static final String TOPIC_DOC =
      "Default topic: rows that no route matched are written here. Overrides the row's 'topic'"
          + " column, as in Spark's kafka sink.";

  public static final String ROUTE_PREFIX = "route.";
  public static final String ROUTE_TOPIC_SUFFIX = "topic";
  public static final String ROUTE_TOPIC_EXPR_SUFFIX = "topicExpr";
  public static final String ROUTE_WHEN_SUFFIX = "when";
  /** {@code route.<n>.<field>}: n is a positive integer. */
  public static final Pattern ROUTE_KEY =
      Pattern.compile("route\\.([^.]+)\\.(topic|topicexpr|when)", Pattern.CASE_INSENSITIVE);

  /**
   * {@code validation.rule.<name>}: a boolean SQL expression every row must satisfy (over the input
   * columns and, with {@code validation.schema}, the decoded value); {@code
   * validation.rule.<name>.action}: what happens to a row that breaks it, {@code dlq} (default),
   * {@code drop}, {@code fail} or {@code warn}. Templates, so not in {@link #DEFINITION}.
   */
  public static final String RULE_PREFIX = RuleTable.OPTION_PREFIX;
  public static final String RULE_ACTION_SUFFIX = "action";
  /** {@code validation.rule.<name>[.action]}: name of letters, digits, '_' and '-'. */
  public static final Pattern RULE_KEY =
      Pattern.compile("validation\\.rule\\.([A-Za-z0-9_-]+)(?:\\.(action))?", Pattern.CASE_INSENSITIVE);

  public static final String ROUTING_MODE = "routing.mode";
  public static final String ROUTING_MODE_FIRST_MATCH = "first-match";
  public static final String ROUTING_MODE_ALL_MATCHES = "all-matches";
  private static final String ROUTING_MODE_DOC =
      "first-match sends a row to the first route (lowest n) whose condition holds; all-matches"
          + " sends a copy to every route whose condition holds.";

  public static final String ROUTING_UNMATCHED = "routing.unmatched";
  public static final String ROUTING_UNMATCHED_FAIL = "fail";
  public static final String ROUTING_UNMATCHED_DROP = "drop";
  private static final String ROUTING_UNMATCHED_DOC =
      "What to do with a row that no route matched and that has no default topic: fail (the task"
          + " fails, or with dlq.topic the row becomes a NO_ROUTE dead letter) or drop (counted in"
          + " the rowsDropped metric).";

  public static final String VALUE_FORMAT = "value.format";
  public static final String VALUE_FORMAT_RAW = "raw";
  public static final String VALUE_FORMAT_JSON = "json";
  private static final String VALUE_FORMAT_DOC =
      "raw: the record value is the 'value' column. json: the record value is the JSON object of"
          + " every input column except key, topic, partition and headers (to_json(struct(*))).";

  public static final String TOPIC_CHECK = "topic.check";
  private static final String TOPIC_CHECK_DOC =
      "At start, check with an Admin client that every literal route topic and the default topic"
          + " exist when the brokers do not auto-create topics. Fails start() otherwise.";

  public static final String TOPIC_CHECK_TIMEOUT_MS = "topic.check.timeoutMs";
  private static final String TOPIC_CHECK_TIMEOUT_MS_DOC =
      "How long the start-time topic check may wait for the brokers.";

  public static final String DLQ_TOPIC = "dlq.topic";
  private static final String DLQ_TOPIC_DOC =
      "Dead-letter topic. Bad records (invalid, unroutable, too large, refused by the broker as"
          + " such) are written here with the reason in headers, and the query keeps running."
          + " Without it, a bad record fails the task, as with Spark's kafka sink."
          + " dlq.topic.<REASON> (e.g. dlq.topic.RECORD_TOO_LARGE) sends the dead letters of one"
          + " reason to a topic of their own.";

  public static final String DLQ_KAFKA_PREFIX = "dlq.kafka.";

  /**
   * {@code dlq.topic.<REASON>}: the dead-letter topic of one reason (a {@code DeadLetterReason}
   * constant name, e.g. {@code dlq.topic.RECORD_TOO_LARGE=events-oversize}); dead letters of the
   * other reasons go to {@code dlq.topic}, which it requires. Every such topic is a DLQ topic like
   * {@code dlq.topic}: it must exist, it is never a route, default or computed topic, nor a source
   * topic of the query, and it is written with the DLQ producer ({@code dlq.kafka.*}). A template,
   * so not in {@link #DEFINITION}; parsed by {@code DlqTopicOptions}.
   */
  public static final String DLQ_TOPIC_REASON_PREFIX = DLQ_TOPIC + ".";
  /** {@code dlq.topic.<REASON>}: the reason is checked against {@code DeadLetterReason} by name. */
  public static final Pattern DLQ_TOPIC_REASON_KEY =
      Pattern.compile("dlq\\.topic\\.([^.]+)", Pattern.CASE_INSENSITIVE);

  public static final String DLQ_DELTA_PATH = "dlq.delta.path";
  private static final String DLQ_DELTA_PATH_DOC =
      "Path of a Delta table that receives the dead letters (created if missing, partitioned by"
          + " date). Each batch's dead letters are appended once, with Delta's idempotent writes, when"
          + " the batch commits. Micro-batch, AvailableNow and batch writes only; with Real-Time Mode"
          + " use dlq.topic and DeadLetters.toDelta.";

  public static final String DLQ_DELTA_TABLE = "dlq.delta.table";
  private static final String DLQ_DELTA_TABLE_DOC =
      "As dlq.delta.path, for a table given by its catalog name.";

  public static final String DLQ_HEADERS = HeaderStyle.OPTION;
  private static final String DLQ_HEADERS_DOC =
      "Header convention of dead letters: native (kafka-routed.dlq.*), connect"
          + " (__connect.errors.*), streams (__streams.errors.*) or spring (kafka_dlt-*).";

  public static final String DLQ_FORMAT = DeadLetterFormat.OPTION;
  private static final String DLQ_FORMAT_DOC =
      "headers: the dead letter keeps the original value bytes and carries its context in"
          + " headers. json: the value is a JSON envelope with the original value and the context,"
          + " for consumers that cannot read headers.";

  public static final String DLQ_INCLUDE_STACKTRACE = "dlq.includeStacktrace";
  private static final String DLQ_INCLUDE_STACKTRACE_DOC =
      "Whether dead letters carry the error's stack trace.";

  public static final String VALIDATION_SCHEMA = "validation.schema";
  private static final String VALIDATION_SCHEMA_DOC =
      "Spark DDL schema that every record value must match as a JSON object, strictly:"
          + " malformed JSON, a wrong type, a missing or null NOT NULL field make the record a"
          + " SCHEMA_INVALID dead letter.";

  public static final String VALIDATION_ALLOW_UNKNOWN_FIELDS = "validation.allowUnknownFields";
  private static final String VALIDATION_ALLOW_UNKNOWN_FIELDS_DOC =
      "Whether a value may have fields that validation.schema does not declare.";

  public static final String VALIDATION_ALIAS = "validation.alias";
  private static final String VALIDATION_ALIAS_DOC =
      "With validation.schema, the name of the decoded value in route expressions (route.<n>.when,"
          + " route.<n>.topicExpr): a struct column of that schema, e.g. data.priority. Rename it when"
          + " the input already has a column of this name.";

  public static final String VALIDATION_FORMAT = "validation.format";
  public static final String VALIDATION_FORMAT_JSON = "json";
  public static final String VALIDATION_FORMAT_AVRO = "avro";
  public static final String VALIDATION_FORMAT_AVRO_CONFLUENT = "avro-confluent";
  private static final String VALIDATION_FORMAT_DOC =
      "Format of the record values that are validated and decoded: json (with validation.schema),"
          + " avro (plain Avro binary) or avro-confluent (the Confluent wire format: magic byte 0, a"
          + " 4-byte schema id, then Avro binary); for both Avro formats the schema is"
          + " validation.avroSchema or validation.avroSchemaFile, and validation.schema is not set.";

  public static final String VALIDATION_AVRO_SCHEMA = "validation.avroSchema";
  private static final String VALIDATION_AVRO_SCHEMA_DOC =
      "With validation.format=avro or avro-confluent: the Avro schema (JSON) of the values, a"
          + " record. It is also the type of the decoded value in route expressions, as Spark's"
          + " from_avro maps it.";

  public static final String VALIDATION_AVRO_SCHEMA_FILE = "validation.avroSchemaFile";
  private static final String VALIDATION_AVRO_SCHEMA_FILE_DOC =
      "As validation.avroSchema, read from a file (any path Spark's Hadoop file systems read), once"
          + " on the driver when the query starts.";

  public static final String VALIDATION_AVRO_SCHEMA_IDS = "validation.avroSchemaIds";
  private static final String VALIDATION_AVRO_SCHEMA_IDS_DOC =
      "With validation.format=avro-confluent: the schema ids the schema is registered under (comma"
          + " separated). A value whose header carries another id is a SCHEMA_INVALID dead letter."
          + " Unset: any id is accepted and the values are read with the one schema.";

  public static final String DLQ_MAX_RATIO = "dlq.maxRatio";
  private static final String DLQ_MAX_RATIO_DOC =
      "Error budget: the largest fraction (0 to 1) of a batch's input rows that may become dead"
          + " letters or be dropped by rules; a batch over it fails instead of committing (nothing is"
          + " lost; restart with a raised budget). Judged per batch (per epoch in continuous"
          + " processing) when it commits; in Real-Time Mode and by the ForeachWriter also by each"
          + " task over windows of its rows (dlq.budget.window).";
  public static final String DLQ_MAX_COUNT = "dlq.maxCount";
  private static final String DLQ_MAX_COUNT_DOC =
      "Error budget: the largest number of a batch's input rows that may become dead letters or be"
          + " dropped by rules.";
  public static final String DLQ_BUDGET_MIN_ROWS = "dlq.budget.minRows";
  private static final String DLQ_BUDGET_MIN_ROWS_DOC =
      "Batches (and task windows, see dlq.budget.window) with fewer input rows than this are not"
          + " judged by dlq.maxRatio / dlq.maxCount.";
  public static final String DLQ_BUDGET_WINDOW = "dlq.budget.window";
  private static final String DLQ_BUDGET_WINDOW_DOC =
      "Where a batch is long or has no driver commit (Real-Time Mode, the ForeachWriter), each task"
          + " also judges the error budget over consecutive windows of its own rows of this length"
          + " (a window with fewer than dlq.budget.minRows rows is extended), so a broken input fails"
          + " the query within about one window instead of at the end of the batch. A duration, e.g."
          + " '1 minute', '30 seconds', '500ms'.";

  public static final String TOPIC_ALLOWED = "topic.allowed";
  private static final String TOPIC_ALLOWED_DOC =
      "A Java regular expression every topic computed per row (route.<n>.topicExpr, the topic"
          + " column) must match as a whole; a row whose topic does not is a TOPIC_NOT_ALLOWED dead"
          + " letter. Literal route topics and the default topic are checked against it at start()."
          + " Internal topics (__*) and the DLQ topics are never allowed as computed topics.";

  public static final String IDEMPOTENCY_KEYS = "idempotencyKeys";
  private static final String IDEMPOTENCY_KEYS_DOC =
      "Add the header kafka-routed.idempotency.key (source topic, partition, offset and route) to"
          + " every record whose row has the source_topic, source_partition and source_offset"
          + " columns, so consumers can drop the duplicates of a replayed batch.";

  public static final String REAL_TIME_MODE = "realTimeMode";
  private static final String REAL_TIME_MODE_DOC =
      "true on a streaming query with Trigger.RealTime: it then starts with Spark's sink allowlist"
          + " check on, its rows going through Spark's own ForeachWriter sink (allowlisted) to the"
          + " same writer. Spark does not tell a sink its trigger, so the query says it. No sink"
          + " metrics in the query's progress then (named accumulators instead), the error budget judged"
          + " by each task's windows only (dlq.budget.window), and no Delta DLQ (refused). Leave it"
          + " false under other triggers.";

  public static final ConfigDef DEFINITION =
      DeliveryOptions.define(new ConfigDef())
          .define(TOPIC, Type.STRING, null, Importance.HIGH, TOPIC_DOC)
          .define(
              ROUTING_MODE,
              Type.STRING,
              ROUTING_MODE_FIRST_MATCH,
              ValidString.in(ROUTING_MODE_FIRST_MATCH, ROUTING_MODE_ALL_MATCHES),
              Importance.HIGH,
              ROUTING_MODE_DOC)
          .define(
              ROUTING_UNMATCHED,
              Type.STRING,
              ROUTING_UNMATCHED_FAIL,
              ValidString.in(ROUTING_UNMATCHED_FAIL, ROUTING_UNMATCHED_DROP),
              Importance.MEDIUM,
              ROUTING_UNMATCHED_DOC)
          .define(
              VALUE_FORMAT,
              Type.STRING,
              VALUE_FORMAT_RAW,
              ValidString.in(VALUE_FORMAT_RAW, VALUE_FORMAT_JSON),
              Importance.MEDIUM,
              VALUE_FORMAT_DOC)
          .define(TOPIC_CHECK, Type.BOOLEAN, true, Importance.LOW, TOPIC_CHECK_DOC)
          .define(
              TOPIC_CHECK_TIMEOUT_MS,
              Type.LONG,
              30_000L,
              ConfigDef.Range.atLeast(1),
              Importance.LOW,
              TOPIC_CHECK_TIMEOUT_MS_DOC)
          .define(DLQ_TOPIC, Type.STRING, null, Importance.HIGH, DLQ_TOPIC_DOC)
          .define(DLQ_DELTA_PATH, Type.STRING, null, Importance.HIGH, DLQ_DELTA_PATH_DOC)
          .define(DLQ_DELTA_TABLE, Type.STRING, null, Importance.HIGH, DLQ_DELTA_TABLE_DOC)
          .define(
              DLQ_HEADERS,
              Type.STRING,
              HeaderStyle.DEFAULT.optionValue(),
              ValidString.in("native", "connect", "streams", "spring"),
              Importance.MEDIUM,
              DLQ_HEADERS_DOC)
          .define(
              DLQ_FORMAT,
              Type.STRING,
              DeadLetterFormat.DEFAULT.optionValue(),
              ValidString.in("headers", "json"),
              Importance.MEDIUM,
              DLQ_FORMAT_DOC)
          .define(
              DLQ_INCLUDE_STACKTRACE,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              DLQ_INCLUDE_STACKTRACE_DOC)
          .define(VALIDATION_SCHEMA, Type.STRING, null, Importance.HIGH, VALIDATION_SCHEMA_DOC)
          .define(
              VALIDATION_ALLOW_UNKNOWN_FIELDS,
              Type.BOOLEAN,
              true,
              Importance.MEDIUM,
              VALIDATION_ALLOW_UNKNOWN_FIELDS_DOC)
          .define(
              VALIDATION_ALIAS,
              Type.STRING,
              "data",
              (name, value) -> {
                if (value == null || !ValidationConf.ALIAS.matcher(value.toString().trim()).matches()) {
                  throw new ConfigException(
                      name, value, "Must be a plain column name (letters, digits, _), such as 'data'.");
                }
              },
              Importance.MEDIUM,
              VALIDATION_ALIAS_DOC)
          .define(
              VALIDATION_FORMAT,
              Type.STRING,
              VALIDATION_FORMAT_JSON,
              ValidString.in(VALIDATION_FORMAT_JSON, VALIDATION_FORMAT_AVRO, VALIDATION_FORMAT_AVRO_CONFLUENT),
              Importance.HIGH,
              VALIDATION_FORMAT_DOC)
          .define(VALIDATION_AVRO_SCHEMA, Type.STRING, null, Importance.HIGH, VALIDATION_AVRO_SCHEMA_DOC)
          .define(
              VALIDATION_AVRO_SCHEMA_FILE, Type.STRING, null, Importance.HIGH, VALIDATION_AVRO_SCHEMA_FILE_DOC)
          .define(
              VALIDATION_AVRO_SCHEMA_IDS,
              Type.LIST,
              null,
              nullOr(
                  (name, value) -> {
                    for (Object id : (java.util.List<?>) value) {
                      try {
                        Integer.parseInt(id.toString().trim());
                      } catch (NumberFormatException e) {
                        throw new ConfigException(name, value, "Not a schema id (a 32-bit integer): " + id);
                      }
                    }
                  }),
              Importance.MEDIUM,
              VALIDATION_AVRO_SCHEMA_IDS_DOC)
          .define(DLQ_MAX_RATIO, Type.DOUBLE, null, nullOr(ConfigDef.Range.between(0, 1)), Importance.MEDIUM, DLQ_MAX_RATIO_DOC)
          .define(DLQ_MAX_COUNT, Type.LONG, null, nullOr(ConfigDef.Range.atLeast(0)), Importance.MEDIUM, DLQ_MAX_COUNT_DOC)
          .define(DLQ_BUDGET_MIN_ROWS, Type.LONG, 100L, ConfigDef.Range.atLeast(0), Importance.LOW, DLQ_BUDGET_MIN_ROWS_DOC)
          .define(DLQ_BUDGET_WINDOW, Type.STRING, "1 minute", DurationOption.positive(), Importance.LOW, DLQ_BUDGET_WINDOW_DOC)
          .define(
              TOPIC_ALLOWED,
              Type.STRING,
              null,
              (name, value) -> {
                if (value != null) {
                  try {
                    Pattern.compile(value.toString());
                  } catch (PatternSyntaxException e) {
                    throw new ConfigException(name, value, "Not a regular expression: " + e.getDescription());
                  }
                }
              },
              Importance.MEDIUM,
              TOPIC_ALLOWED_DOC)
          .define(IDEMPOTENCY_KEYS, Type.BOOLEAN, true, Importance.LOW, IDEMPOTENCY_KEYS_DOC)
          .define(REAL_TIME_MODE, Type.BOOLEAN, false, Importance.MEDIUM, REAL_TIME_MODE_DOC);

  /** {@code validator} for a set value; unset (null) is fine. */
  private static ConfigDef.Validator nullOr(ConfigDef.Validator validator) {
    return (name, value) -> {
      if (value != null) {
        validator.ensureValid(name, value);
      }
    };
  }

  /** Lower-cased key to declared key, so "routing.MODE" finds "routing.mode". */
  private static final Map<String, String> CANONICAL = new TreeMap<>();

  static {
    for (String name : DEFINITION.names()) {
      CANONICAL.put(name.toLowerCase(Locale.ROOT), name);
    }
  }

  private SinkOptions() {}

  /** The declared spelling of {@code key}, or {@code null} if it is not one of our fixed keys. */
  public static String canonicalKey(String key) {
    return CANONICAL.get(key.toLowerCase(Locale.ROOT));
  }

  /** Reference documentation of the fixed options, as Kafka renders its own configs. */
  public static String documentation() {
    return DEFINITION.toEnrichedRst();
  }
}
