package io.github.kafkarouted.dlq.replay;

import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.read.DeadLettersProvider;
import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Sends dead letters back (redrive), as a Spark batch job. Reads them from one or more DLQ topics
 * (e.g. {@code dlq.topic} and the {@code dlq.topic.<REASON>} topics, read together through
 * {@code format("kafka-dead-letters")}) or from the Delta dead-letter table, keeps those the
 * {@link ReplayFilter} selects, and sends each original record (key, value, headers without the DLQ
 * context) to the topics it was meant for, or to one given topic, with the header {@value
 * DeadLetterHeaders#RECORD_REPLAY_COUNT} set to its replay count plus one.
 *
 * <p>Records are sent through {@code format("kafka-routed")} (by name: no compile dependency on the
 * connector), with dead letters on: a record that fails again becomes a dead letter again (by
 * default in the DLQ topic or Delta table it was read from; with several DLQ topics, the first one
 * named, unless {@code dlq.topic} and {@code dlq.topic.<REASON>} are given as {@link
 * Builder#sinkOption sink options}) carrying its replay count, and dead
 * letters already replayed {@link Builder#maxReplays} times are skipped and counted, so a
 * permanently bad record cannot loop. A dry run counts what would be sent and sends nothing.
 *
 * <p>A replay remembers what it sent only with a {@link Builder#ledger ledger}: without one, running
 * the same replay twice sends the selected records twice.
 *
 * <pre>{@code
 * ReplayResult result = DeadLetterReplay.fromTopic("orders-dlq", Map.of("kafka.bootstrap.servers", brokers))
 *     .filter(ReplayFilter.all().withReasonNames(List.of("TOPIC_NOT_FOUND")))
 *     .build()
 *     .run(spark);
 * }</pre>
 *
 * Immutable; build with {@link #fromTopic}, {@link #fromDeltaPath} or {@link #fromDeltaTable}.
 */
public final class DeadLetterReplay {

  /** Default of {@link Builder#maxReplays}. */
  public static final int DEFAULT_MAX_REPLAYS = 3;

  private static final String KAFKA_PREFIX = "kafka.";

  /** The DLQ topics read (null with a Delta table); the first takes re-failures by default. */
  private final List<String> dlqTopics;
  private final String deltaPath;
  private final String deltaTable;
  private final Map<String, String> kafkaOptions;
  private final ReplayFilter filter;
  private final String toTopic;
  private final int maxReplays;
  private final Map<String, String> sinkOptions;
  private final ReplayLedger ledger;

  /** The column holding {@link #replayId()} while a replay runs, and in the ledger. */
  static final String REPLAY_ID = "replay_id";

  /** Whether the ledger says an earlier run sent the dead letter (while a replay runs). */
  private static final String ALREADY_REPLAYED = "already_replayed";

  private static final String LEDGER_ID = "ledger_replay_id";

  private DeadLetterReplay(Builder b) {
    this.dlqTopics = b.dlqTopics;
    this.deltaPath = b.deltaPath;
    this.deltaTable = b.deltaTable;
    this.kafkaOptions = Map.copyOf(b.kafkaOptions);
    this.filter = b.filter;
    this.toTopic = b.toTopic;
    this.maxReplays = b.maxReplays;
    this.sinkOptions = Map.copyOf(b.sinkOptions);
    this.ledger = b.ledgerPath == null ? null : new ReplayLedger(b.ledgerPath);
    if (toTopic != null && dlqTopics != null && dlqTopics.contains(toTopic)) {
      throw new IllegalArgumentException(
          "toTopic '" + toTopic + "' is a DLQ topic being replayed: a dead-letter topic holds dead letters only");
    }
  }

  /**
   * Replays from a DLQ topic, or from several given comma-separated as in the Kafka source's {@code
   * subscribe} ({@code "orders-dlq,orders-oversize"}).
   *
   * @param kafkaOptions {@code kafka.*} options (at least {@code kafka.bootstrap.servers}), used to
   *     read the DLQ and to send the records
   */
  public static Builder fromTopic(String dlqTopic, Map<String, String> kafkaOptions) {
    Objects.requireNonNull(dlqTopic, "dlqTopic");
    return fromTopics(Arrays.asList(dlqTopic.split(",")), kafkaOptions);
  }

  /**
   * Replays from several DLQ topics read together, e.g. {@code dlq.topic} and every {@code
   * dlq.topic.<REASON>} topic; each dead letter goes back to the topics it was meant for, whichever
   * DLQ topic holds it. A record that fails again goes to the first topic (list {@code dlq.topic}
   * first), unless {@link Builder#sinkOption} sets the dead-letter options.
   */
  public static Builder fromTopics(List<String> dlqTopics, Map<String, String> kafkaOptions) {
    List<String> topics = dlqTopics.stream().map(String::trim).filter(t -> !t.isEmpty()).distinct().toList();
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("no DLQ topic given");
    }
    Builder b = new Builder(kafkaOptions);
    b.dlqTopics = topics;
    return b;
  }

  /** Replays from a Delta dead-letter table at a path; {@code kafkaOptions} as in {@link #fromTopic}. */
  public static Builder fromDeltaPath(String path, Map<String, String> kafkaOptions) {
    Builder b = new Builder(kafkaOptions);
    b.deltaPath = Objects.requireNonNull(path, "path");
    return b;
  }

  /** Replays from a Delta dead-letter table by catalog name; {@code kafkaOptions} as in {@link #fromTopic}. */
  public static Builder fromDeltaTable(String table, Map<String, String> kafkaOptions) {
    Builder b = new Builder(kafkaOptions);
    b.deltaTable = Objects.requireNonNull(table, "table");
    return b;
  }

  /** Counts what {@link #run} would send; sends nothing. */
  public ReplayResult dryRun(SparkSession spark) {
    return execute(spark, true);
  }

  /** Sends the selected records and reports what was sent and skipped. */
  public ReplayResult run(SparkSession spark) {
    return execute(spark, false);
  }

  private ReplayResult execute(SparkSession spark, boolean dryRun) {
    Dataset<Row> matching = deadLetters(spark).where(filter.toColumn()).withColumn(REPLAY_ID, replayId());
    Dataset<Row> replayed = ledger == null ? null : ledger.replayedIds(spark);
    Dataset<Row> marked =
        replayed == null
            ? matching.withColumn(ALREADY_REPLAYED, functions.lit(false))
            : matching
                .join(
                    replayed.select(functions.col(REPLAY_ID).as(LEDGER_ID)),
                    matching.col(REPLAY_ID).equalTo(functions.col(LEDGER_ID)),
                    "left")
                .withColumn(ALREADY_REPLAYED, functions.col(LEDGER_ID).isNotNull())
                .drop(LEDGER_ID);
    // Pinned, so the counts and the records sent are the same dead letters even while the DLQ grows.
    Dataset<Row> pinned = marked.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      String pending = "NOT " + ALREADY_REPLAYED;
      String unreplayable =
          "decode_error IS NOT NULL OR coalesce(value_truncated, false)"
              + (toTopic == null ? " OR size(target_topics) = 0" : "");
      String replayable = pending + " AND NOT (" + unreplayable + ") AND replay_count < " + maxReplays;
      Row counts =
          pinned
              .selectExpr(
                  "count(*)",
                  "count_if(" + pending + " AND (" + unreplayable + "))",
                  "count_if(" + pending + " AND NOT (" + unreplayable + ") AND replay_count >= " + maxReplays + ")",
                  "coalesce(sum(CASE WHEN " + replayable + " THEN "
                      + (toTopic == null ? "size(target_topics)" : "1") + " ELSE 0 END), 0)",
                  "count_if(" + ALREADY_REPLAYED + ")")
              .first();
      long records = counts.getLong(3);
      if (!dryRun && records > 0) {
        Dataset<Row> sending = pinned.where(replayable);
        send(records(sending));
        if (ledger != null) {
          // After the send: a crash in between sends these again next time (at-least-once), never none.
          ledger.record(sending.select(REPLAY_ID));
        }
      }
      return new ReplayResult(
          counts.getLong(0), records, counts.getLong(2), counts.getLong(1), counts.getLong(4), dryRun);
    } finally {
      pinned.unpersist();
    }
  }

  /**
   * Identifies a dead letter across runs: its position in the DLQ topic when it was read from one,
   * else (a Delta dead-letter table written by the sink) a hash of what it holds.
   */
  private static Column replayId() {
    Column position =
        functions.concat_ws(
            ":",
            functions.col(DeadLetterColumns.DLQ_TOPIC),
            functions.col(DeadLetterColumns.DLQ_PARTITION).cast("string"),
            functions.col(DeadLetterColumns.DLQ_OFFSET).cast("string"));
    Column content =
        functions.sha2(
            functions.to_json(
                functions.struct(
                    functions.base64(functions.col(DeadLetterColumns.KEY)).as("k"),
                    functions.base64(functions.col(DeadLetterColumns.VALUE)).as("v"),
                    functions.col(DeadLetterColumns.HEADERS).as("h"),
                    functions.col(DeadLetterColumns.REASON).as("r"),
                    functions.col(DeadLetterColumns.TARGET_TOPICS).as("t"),
                    functions.col(DeadLetterColumns.SOURCE_TOPIC).as("st"),
                    functions.col(DeadLetterColumns.SOURCE_PARTITION).as("sp"),
                    functions.col(DeadLetterColumns.SOURCE_OFFSET).as("so"),
                    functions.col(DeadLetterColumns.QUERY_ID).as("q"),
                    functions.col(DeadLetterColumns.BATCH_ID).as("b"),
                    functions.col(DeadLetterColumns.DEAD_LETTERED_AT).as("at"))),
            256);
    return functions
        .when(functions.col(DeadLetterColumns.DLQ_OFFSET).isNotNull(), functions.concat(functions.lit("dlq:"), position))
        .otherwise(functions.concat(functions.lit("sha256:"), content));
  }

  private Dataset<Row> deadLetters(SparkSession spark) {
    if (dlqTopics != null) {
      return spark.read().format(DeadLettersProvider.SHORT_NAME).options(kafkaOptions)
          .option("subscribe", String.join(",", dlqTopics)).load();
    }
    return deltaPath != null ? spark.read().format("delta").load(deltaPath) : spark.read().table(deltaTable);
  }

  /** The records to send, in the columns of the kafka-routed sink. */
  private Dataset<Row> records(Dataset<Row> replayable) {
    String replayHeader = ReplayFilter.literal(DeadLetterHeaders.RECORD_REPLAY_COUNT);
    String headers =
        "concat(filter(coalesce(headers, array()), h -> h.key != " + replayHeader + "),"
            + " array(named_struct('key', " + replayHeader + ", 'value',"
            + " CAST(CAST(replay_count + 1 AS STRING) AS BINARY)))) AS headers";
    Column topic =
        (toTopic == null ? functions.explode(functions.col(DeadLetterColumns.TARGET_TOPICS)) : functions.lit(toTopic))
            .as("topic");
    return replayable.select(
        functions.col(DeadLetterColumns.KEY),
        functions.col(DeadLetterColumns.VALUE),
        functions.expr(headers),
        topic,
        functions.col(DeadLetterColumns.SOURCE_TOPIC),
        functions.col(DeadLetterColumns.SOURCE_PARTITION),
        functions.col(DeadLetterColumns.SOURCE_OFFSET));
  }

  private void send(Dataset<Row> records) {
    Map<String, String> options = new HashMap<>(kafkaOptions);
    if (!hasDeadLetterDestination(sinkOptions)) {
      // A record that fails again goes back where it was read from (the first DLQ topic of several).
      if (dlqTopics != null) {
        options.put("dlq.topic", dlqTopics.get(0));
      } else if (deltaPath != null) {
        options.put("dlq.delta.path", deltaPath);
      } else {
        options.put("dlq.delta.table", deltaTable);
      }
    }
    options.putAll(sinkOptions);
    records.write().format("kafka-routed").options(options).save();
  }

  private static boolean hasDeadLetterDestination(Map<String, String> options) {
    return options.keySet().stream()
        .map(k -> k.toLowerCase(Locale.ROOT))
        .anyMatch(k -> k.equals("dlq.topic") || k.equals("dlq.delta.path") || k.equals("dlq.delta.table"));
  }

  @Override
  public String toString() {
    return "DeadLetterReplay[from " + (dlqTopics != null ? (dlqTopics.size() == 1 ? "topic " : "topics ") + String.join(",", dlqTopics) : deltaPath != null ? "Delta " + deltaPath : "table " + deltaTable)
        + " where " + filter + " to " + (toTopic == null ? "the intended topics" : toTopic)
        + ", maxReplays " + maxReplays + (ledger == null ? ", no ledger" : ", ledger " + ledger) + "]";
  }

  /** Mutable, single-use builder. Not thread-safe. */
  public static final class Builder {
    private List<String> dlqTopics;
    private String deltaPath;
    private String deltaTable;
    private final Map<String, String> kafkaOptions = new HashMap<>();
    private ReplayFilter filter = ReplayFilter.all();
    private String toTopic;
    private int maxReplays = DEFAULT_MAX_REPLAYS;
    private final Map<String, String> sinkOptions = new HashMap<>();
    private String ledgerPath;

    private Builder(Map<String, String> kafkaOptions) {
      kafkaOptions.forEach((k, v) -> {
        if (!k.toLowerCase(Locale.ROOT).startsWith(KAFKA_PREFIX)) {
          throw new IllegalArgumentException("Kafka option '" + k + "' must start with '" + KAFKA_PREFIX + "'");
        }
        this.kafkaOptions.put(k, v);
      });
      if (this.kafkaOptions.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("kafka.bootstrap.servers"))) {
        throw new IllegalArgumentException("Option 'kafka.bootstrap.servers' is required: the brokers to replay to");
      }
    }

    /** Which dead letters to replay (default all). */
    public Builder filter(ReplayFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Send every selected record to this topic instead of the topics it was meant for. */
    public Builder toTopic(String topic) {
      this.toTopic = topic;
      return this;
    }

    /** Dead letters replayed this many times already are skipped (default {@value DeadLetterReplay#DEFAULT_MAX_REPLAYS}). */
    public Builder maxReplays(int maxReplays) {
      if (maxReplays < 1) {
        throw new IllegalArgumentException("maxReplays must be >= 1, got " + maxReplays);
      }
      this.maxReplays = maxReplays;
      return this;
    }

    /**
     * Any other option of the {@code kafka-routed} sink used to send, e.g. {@code dlq.topic} to
     * send records that fail again elsewhere than where they were read from.
     */
    public Builder sinkOption(String key, String value) {
      sinkOptions.put(key, value);
      return this;
    }

    /**
     * Remember what was replayed in a ledger at {@code path} (a directory Spark can write, e.g. on
     * HDFS or S3): a later run with the same ledger skips the dead letters an earlier run sent and
     * counts them in {@link ReplayResult#skippedAlreadyReplayed()}. Without a ledger, every run
     * sends every selected dead letter again.
     */
    public Builder ledger(String path) {
      if (path != null && path.isBlank()) {
        throw new IllegalArgumentException("the ledger path is empty");
      }
      this.ledgerPath = path;
      return this;
    }

    public DeadLetterReplay build() {
      return new DeadLetterReplay(this);
    }
  }
}
