package io.github.kafkarouted.dlq.replay;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code io.github.kafkarouted.dlq.replay.Replay}, parsed into a {@link
 * DeadLetterReplay} and a dry-run flag. Plain Java; every error is an {@link
 * IllegalArgumentException} whose message names the argument.
 */
public final class ReplayArguments {

  public static final String USAGE =
      String.join(
          "\n",
          "Usage: java -cp <spark and kafka-routed jars> io.github.kafkarouted.dlq.replay.Replay SOURCE [FILTERS] [OPTIONS]",
          "  (or spark-submit --class io.github.kafkarouted.dlq.replay.Replay ...)",
          "SOURCE (one of):",
          "  --dlq-topic TOPIC[,TOPIC]   read dead letters from this DLQ topic, or from several (dlq.topic",
          "                              first, then the dlq.topic.<REASON> topics); re-failures go to the first",
          "  --delta-path PATH           read them from this Delta dead-letter table",
          "  --delta-table NAME          read them from this Delta dead-letter table (catalog name)",
          "  --bootstrap-servers HOSTS   Kafka brokers (required)",
          "FILTERS (combined with AND):",
          "  --reason R[,R...]           only these reasons (e.g. TOPIC_NOT_FOUND,SEND_FAILED)",
          "  --from TIME  --until TIME   only dead letters from TIME (inclusive) until TIME (exclusive), ISO-8601, e.g. 2026-11-24T00:00:00Z",
          "  --target-topic TOPIC        only dead letters meant for this topic",
          "  --where SQL                 any SQL predicate over the dead-letter columns",
          "OPTIONS:",
          "  --to-topic TOPIC            send to this topic instead of the intended ones",
          "  --max-replays N             skip dead letters replayed N times already (default 3)",
          "  --kafka KEY=VALUE           a Kafka client setting (repeatable), e.g. --kafka security.protocol=SSL",
          "  --sink KEY=VALUE            a kafka-routed sink option (repeatable), e.g. --sink dlq.topic=other-dlq",
          "  --ledger PATH               remember what was sent in this directory; skip it in later runs",
          "                              (without a ledger, running a replay twice sends everything twice)",
          "  --dry-run                   count what would be sent; send nothing",
          "  --help                      this text");

  private final DeadLetterReplay replay;
  private final boolean dryRun;
  private final boolean help;

  private ReplayArguments(DeadLetterReplay replay, boolean dryRun, boolean help) {
    this.replay = replay;
    this.dryRun = dryRun;
    this.help = help;
  }

  /**
   * @throws IllegalArgumentException on a missing, unknown or malformed argument (the message
   *     names it)
   */
  public static ReplayArguments parse(String... args) {
    String dlqTopic = null;
    String deltaPath = null;
    String deltaTable = null;
    String bootstrap = null;
    List<String> reasons = new ArrayList<>();
    Instant from = null;
    Instant until = null;
    String targetTopic = null;
    String where = null;
    String toTopic = null;
    Integer maxReplays = null;
    String ledger = null;
    Map<String, String> kafka = new LinkedHashMap<>();
    Map<String, String> sink = new LinkedHashMap<>();
    boolean dryRun = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> {
          return new ReplayArguments(null, false, true);
        }
        case "--dry-run" -> dryRun = true;
        case "--dlq-topic" -> dlqTopic = value(args, ++i, arg);
        case "--delta-path" -> deltaPath = value(args, ++i, arg);
        case "--delta-table" -> deltaTable = value(args, ++i, arg);
        case "--bootstrap-servers" -> bootstrap = value(args, ++i, arg);
        case "--reason" -> reasons.addAll(Arrays.asList(value(args, ++i, arg).split(",")));
        case "--from" -> from = instant(value(args, ++i, arg), arg);
        case "--until" -> until = instant(value(args, ++i, arg), arg);
        case "--target-topic" -> targetTopic = value(args, ++i, arg);
        case "--where" -> where = value(args, ++i, arg);
        case "--to-topic" -> toTopic = value(args, ++i, arg);
        case "--ledger" -> ledger = value(args, ++i, arg);
        case "--max-replays" -> maxReplays = positive(value(args, ++i, arg), arg);
        case "--kafka" -> keyValue(value(args, ++i, arg), arg, kafka);
        case "--sink" -> keyValue(value(args, ++i, arg), arg, sink);
        default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    int sources = (dlqTopic == null ? 0 : 1) + (deltaPath == null ? 0 : 1) + (deltaTable == null ? 0 : 1);
    if (sources != 1) {
      throw new IllegalArgumentException("give exactly one of --dlq-topic, --delta-path, --delta-table");
    }
    if (bootstrap == null) {
      throw new IllegalArgumentException("--bootstrap-servers is required: the Kafka brokers");
    }
    Map<String, String> kafkaOptions = new LinkedHashMap<>();
    kafkaOptions.put("kafka.bootstrap.servers", bootstrap);
    kafka.forEach((k, v) -> kafkaOptions.put("kafka." + k, v));
    DeadLetterReplay.Builder b =
        dlqTopic != null
            ? DeadLetterReplay.fromTopic(dlqTopic, kafkaOptions)
            : deltaPath != null
                ? DeadLetterReplay.fromDeltaPath(deltaPath, kafkaOptions)
                : DeadLetterReplay.fromDeltaTable(deltaTable, kafkaOptions);
    ReplayFilter filter = ReplayFilter.all();
    if (!reasons.isEmpty()) {
      filter = filter.withReasonNames(reasons);
    }
    if (from != null || until != null) {
      filter = filter.withTimeRange(from, until);
    }
    if (targetTopic != null) {
      filter = filter.withTargetTopic(targetTopic);
    }
    if (where != null) {
      filter = filter.withWhere(where);
    }
    b.filter(filter).toTopic(toTopic).ledger(ledger);
    if (maxReplays != null) {
      b.maxReplays(maxReplays);
    }
    sink.forEach(b::sinkOption);
    return new ReplayArguments(b.build(), dryRun, false);
  }

  private static String value(String[] args, int i, String name) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i];
  }

  private static Instant instant(String s, String name) {
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 instant like 2026-11-24T00:00:00Z, got '" + s + "'", e);
    }
  }

  private static int positive(String s, String name) {
    try {
      int n = Integer.parseInt(s);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a positive integer, got '" + s + "'");
  }

  private static void keyValue(String s, String name, Map<String, String> into) {
    int eq = s.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(name + " takes KEY=VALUE, got '" + s + "'");
    }
    into.put(s.substring(0, eq), s.substring(eq + 1));
  }

  /** The replay to run; null with {@link #help()}. */
  public DeadLetterReplay replay() {
    return replay;
  }

  public boolean dryRun() {
    return dryRun;
  }

  /** Whether only the usage was asked for. */
  public boolean help() {
    return help;
  }
}
