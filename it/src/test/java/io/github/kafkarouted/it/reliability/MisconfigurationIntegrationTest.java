package io.github.kafkarouted.it.reliability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Misconfigurations beyond those of {@code RoutedSinkConfigIntegrationTest} (which covers a missing
 * bootstrap, a missing value column, no way to pick a topic, a non-numeric route number, a route
 * with both topic and topicExpr, invalid SQL, an unknown column, a non-boolean condition, a
 * non-string topic expression, an aggregate condition, an unknown routing.mode, a value
 * serializer, a missing literal topic, a wrongly typed partition column, the ForeachWriter's driver
 * check and secrets in errors).
 *
 * <p>Each case runs against all three front-ends: {@code writeStream().start()}, batch {@code
 * df.write().save()} and {@code KafkaRouted.foreachWriter}. Each must throw within the call, before
 * any task runs, well within a timeout (so a check that hangs fails the test), with a message
 * naming the option or column at fault.
 */
class MisconfigurationIntegrationTest extends RealKafkaSparkTest {

  /** The longest a refused start may take: the unreachable-broker case waits 2 s by design. */
  private static final Duration START_BUDGET = Duration.ofSeconds(45);

  private static String existing;
  private static String otherTopic;
  private static int closedPort;

  @BeforeAll
  static void start() throws Exception {
    startKafkaAndSpark(2, "misconfiguration-it");
    existing = kafka.createUniqueTopic("cfg-exists", 1);
    otherTopic = kafka.createUniqueTopic("cfg-other", 1);
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort(); // nothing listens there once the socket is closed
    }
  }

  /**
   * One misconfiguration: how to break the valid options (and, optionally, the input), and the
   * fragments the error message must contain.
   */
  record Case(
      String name,
      Consumer<Map<String, String>> breakOptions,
      UnaryOperator<Dataset<Row>> breakInput,
      List<String> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case options(String name, Consumer<Map<String, String>> change, String... expected) {
    return new Case(name, change, d -> d, List.of(expected));
  }

  /** {@code dlq.topic} set, and {@code key} set to {@code value}. */
  private static Case withDlq(String name, String key, String value, String... expected) {
    return options(name, m -> {
      m.put("dlq.topic", otherTopic);
      m.put(key, value);
    }, expected);
  }

  private static Case input(String name, UnaryOperator<Dataset<Row>> change, String... expected) {
    return new Case(name, m -> {}, change, List.of(expected));
  }

  static Stream<Case> misconfigurations() {
    return Stream.of(
        options("typo of dlq.topic", m -> m.put("dlq.topik", otherTopic), "dlq.topik", "dlq.topic"),
        options("typo of routing.mode", m -> m.put("routing.mod", "all-matches"), "routing.mod", "routing.mode"),
        options("typo of validation.schema",
            m -> m.put("validation.shema", "id STRING"), "validation.shema", "validation.schema"),
        options("typo of a route field", m -> {
          m.put("route.1.topic", existing);
          m.put("route.1.wen", "n > 1");
        }, "route.1.wen", "route.<n>.when"),
        options("route with a condition but no topic", m -> m.put("route.1.when", "n > 1"),
            "route.1.topic", "route.1.topicExpr"),
        options("unknown routing.unmatched", m -> m.put("routing.unmatched", "skip"), "routing.unmatched", "skip"),
        options("unknown value.format", m -> m.put("value.format", "xml"), "value.format", "xml"),
        options("negative topic.check.timeoutMs",
            m -> m.put("topic.check.timeoutMs", "-5"), "topic.check.timeoutMs", "-5"),
        options("non-numeric topic.check.timeoutMs",
            m -> m.put("topic.check.timeoutMs", "soon"), "topic.check.timeoutMs", "soon"),
        options("non-boolean validation.allowUnknownFields",
            m -> m.put("validation.allowUnknownFields", "maybe"), "validation.allowUnknownFields", "maybe"),
        options("non-boolean idempotencyKeys", m -> m.put("idempotencyKeys", "yes"), "idempotencyKeys", "yes"),
        options("dlq.topic equal to a route topic", m -> {
          m.put("route.1.topic", otherTopic);
          m.put("dlq.topic", otherTopic);
        }, "dlq.topic", "route.1.topic"),
        options("dlq.topic equal to the default topic", m -> m.put("dlq.topic", existing), "dlq.topic", "default"),
        options("illegal dlq.topic name", m -> m.put("dlq.topic", "dead letters!"), "dlq.topic", "dead letters!"),
        options("misspelt reason of dlq.topic.<REASON>", m -> {
          m.put("dlq.topic", otherTopic);
          m.put("dlq.topic.SCHEMA_INVLID", otherTopic + "-invalid");
        }, "dlq.topic.SCHEMA_INVLID", "dlq.topic.SCHEMA_INVALID"),
        options("illegal dlq.topic.<REASON> name", m -> {
          m.put("dlq.topic", otherTopic);
          m.put("dlq.topic.RECORD_TOO_LARGE", "dead letters!");
        }, "dlq.topic.RECORD_TOO_LARGE", "dead letters!"),
        options("dlq.topic.<REASON> without dlq.topic",
            m -> m.put("dlq.topic.RECORD_TOO_LARGE", otherTopic), "dlq.topic.RECORD_TOO_LARGE", "needs 'dlq.topic'"),
        options("dlq.topic.<REASON> equal to the default topic", m -> {
          m.put("dlq.topic", otherTopic);
          m.put("dlq.topic.NO_ROUTE", existing);
        }, "dlq.topic.NO_ROUTE", "default"),
        options("dlq.topic.<REASON> that does not exist", m -> {
          m.put("dlq.topic", otherTopic);
          m.put("dlq.topic.RECORD_TOO_LARGE", "no-such-oversize-dlq");
        }, "dlq.topic.RECORD_TOO_LARGE", "no-such-oversize-dlq"),
        options("route topic name over 249 characters",
            m -> m.put("route.1.topic", "t".repeat(250)), "route.1.topic", "249"),
        options("empty topic option", m -> m.put("topic", " "), "topic"),
        options("kafka.key.serializer set",
            m -> m.put("kafka.key.serializer", "org.apache.kafka.common.serialization.StringSerializer"),
            "kafka.key.serializer"),
        options("dlq.kafka.value.serializer set", m -> {
          m.put("dlq.topic", otherTopic);
          m.put("dlq.kafka.value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        }, "dlq.kafka.value.serializer"),
        options("non-numeric kafka.max.request.size",
            m -> m.put("kafka.max.request.size", "1MB"), "kafka.max.request.size", "1MB"),
        options("zero dlq.kafka.max.request.size", m -> {
          m.put("dlq.topic", otherTopic);
          m.put("dlq.kafka.max.request.size", "0");
        }, "dlq.kafka.max.request.size"),
        options("unknown dlq.headers style",
            m -> m.put("dlq.headers", "kafka-connect"), "dlq.headers", "kafka-connect"),
        options("unknown dlq.format", m -> m.put("dlq.format", "avro"), "dlq.format", "avro"),
        options("unparsable validation.schema", m -> {
          m.put("dlq.topic", otherTopic);
          m.put("validation.schema", "id STRING NOT NULL,, amount");
        }, "validation.schema"),
        options("unknown function in a topic expression",
            m -> m.put("route.1.topicExpr", "concatt('t-', value)"), "route.1.topicExpr", "concatt"),
        options("bootstrap host that does not resolve",
            m -> m.put("kafka.bootstrap.servers", "no-such-broker.invalid:9092"),
            "kafka.bootstrap.servers"),
        options("bootstrap port where no broker listens", m -> {
          m.put("kafka.bootstrap.servers", "127.0.0.1:" + closedPort);
          m.put("topic.check.timeoutMs", "2000");
        }, "kafka.bootstrap.servers", "2000 ms"),
        // Issue 13: producer settings checked with kafka-clients' own definition, at start.
        options("unknown kafka.compression.type",
            m -> m.put("kafka.compression.type", "zstd2"), "kafka.compression.type", "zstd2"),
        options("kafka.partitioner.class that does not exist",
            m -> m.put("kafka.partitioner.class", "com.example.NoSuchPartitioner"),
            "kafka.partitioner.class", "com.example.NoSuchPartitioner"),
        options("idempotence with acks=1",
            m -> {
              m.put("kafka.enable.idempotence", "true");
              m.put("kafka.acks", "1");
            }, "kafka.*", "acks"),
        withDlq("dlq.kafka.max.request.size below a dead letter's headers",
            "dlq.kafka.max.request.size", "100", "dlq.kafka.max.request.size", "4096"),
        options("kafka.transactional.id set", m -> m.put("kafka.transactional.id", "tx-1"),
            "kafka.transactional.id", "delivery.guarantee=exactly-once"),
        options("delivery.guarantee misspelt", m -> m.put("delivery.guarantee", "exactly-twice"),
            "delivery.guarantee", "exactly-twice"),
        options("exactly-once with acks=1", m -> {
              m.put("delivery.guarantee", "exactly-once");
              m.put("kafka.acks", "1");
            }, "kafka.acks", "acks=all"),
        withDlq("dlq.kafka.transactional.id set", "dlq.kafka.transactional.id", "tx-1", "dlq.kafka.transactional.id"),
        withDlq("kafka.acks=0 with a DLQ", "kafka.acks", "0", "kafka.acks", "dead letter"),
        withDlq("dlq.kafka.acks=0", "dlq.kafka.acks", "0", "dlq.kafka.acks"),
        options("window function in a route condition", m -> {
          m.put("route.1.topic", otherTopic);
          m.put("route.1.when", "row_number() OVER (ORDER BY n) = 1");
        }, "route.1.when", "window"),
        options("window function in a topic expression",
            m -> m.put("route.1.topicExpr", "CAST(lag(value) OVER (ORDER BY n) AS STRING)"), "route.1.topicExpr"),
        options("generator in a topic expression",
            m -> m.put("route.1.topicExpr", "explode(array(value))"), "route.1.topicExpr"),
        options("scalar subquery in a route condition", m -> {
          m.put("route.1.topic", otherTopic);
          m.put("route.1.when", "n > (SELECT 1)");
        }, "route.1.when"),
        options("dlq.topic is __consumer_offsets",
            m -> m.put("dlq.topic", "__consumer_offsets"), "dlq.topic", "internal topic"),
        options("a route topic is __consumer_offsets",
            m -> m.put("route.1.topic", "__consumer_offsets"), "route.1.topic", "internal topic"),
        options("typo outside the sink's namespaces", m -> m.put("rout.1.topic", otherTopic),
            "rout.1.topic", "route.1.topic"),
        options("typo of a producer setting", m -> m.put("kafka.compresion.type", "lz4"),
            "kafka.compresion.type", "kafka.compression.type"),
        options("option key with a leading blank", m -> m.put(" route.1.topic", otherTopic),
            "' route.1.topic'", "blanks"),
        options("option key with a trailing blank", m -> m.put("dlq.topic ", otherTopic),
            "'dlq.topic '", "blanks"),
        // Routing on the decoded value (data.*): wrong fields, types and names fail at start().
        options("route on a field the schema does not declare", m -> {
          m.put("validation.schema", "priority STRING, region STRING");
          m.put("route.1.topic", existing);
          m.put("route.1.when", "data.nosuchfield = 'x'");
        }, "route.1.when", "nosuchfield"),
        options("route condition on a string field", m -> {
          m.put("validation.schema", "priority STRING, region STRING");
          m.put("route.1.topic", existing);
          m.put("route.1.when", "data.priority");
        }, "route.1.when", "boolean", "string"),
        options("route on data.* without validation.schema", m -> {
          m.put("route.1.topic", existing);
          m.put("route.1.when", "data.priority = 'high'");
        }, "route.1.when", "validation.schema"),
        new Case("input column named like the decoded value",
            m -> m.put("validation.schema", "priority STRING"),
            d -> d.selectExpr("value", "n AS Data"), List.of("'Data'", "validation.alias")),
        options("validation.alias without validation.schema", m -> m.put("validation.alias", "event"),
            "validation.alias", "validation.schema"),
        options("validation.alias that is not a plain name", m -> {
          m.put("validation.schema", "priority STRING");
          m.put("validation.alias", "my event");
        }, "validation.alias", "my event"),
        // Data-quality rules: bad expressions, actions and names fail at start().
        options("rule that is not boolean", m -> {
          m.put("validation.schema", "amount DECIMAL(10,2)");
          m.put("validation.rule.positive", "data.amount");
          m.put("validation.rule.positive.action", "warn");
        }, "validation.rule.positive", "boolean"),
        options("rule on a field the schema does not declare", m -> {
          m.put("validation.schema", "amount DECIMAL(10,2)");
          m.put("validation.rule.positive", "data.amont > 0");
          m.put("validation.rule.positive.action", "drop");
        }, "validation.rule.positive", "amont"),
        options("rule action that does not exist", m -> {
          m.put("validation.rule.positive", "n > 0");
          m.put("validation.rule.positive.action", "quarantine");
        }, "validation.rule.positive.action", "quarantine"),
        options("rule with action dlq and no dead-letter topic", m -> m.put("validation.rule.positive", "n > 0"),
            "validation.rule.positive.action", "dlq.topic"),
        options("literal route topic outside topic.allowed", m -> {
          m.put("topic.allowed", "cfg-exists-.*"); // the default topic matches, route 1 does not
          m.put("route.1.topic", otherTopic);
        }, "route.1.topic", "topic.allowed"),
        options("topic.allowed that is not a regular expression", m -> m.put("topic.allowed", "orders-[a-"),
            "topic.allowed", "regular expression"),
        options("dlq.maxRatio above 1", m -> m.put("dlq.maxRatio", "1.5"), "dlq.maxRatio", "1.5"),
        options("negative dlq.maxCount", m -> m.put("dlq.maxCount", "-1"), "dlq.maxCount", "-1"),
        input("key column of a wrong type", d -> d.selectExpr("value", "n AS key"), "key", "bigint"),
        // Only without the 'topic' option: the option overrides the column, as in Spark's sink.
        new Case("topic column of a wrong type", m -> m.remove("topic"),
            d -> d.selectExpr("value", "n AS topic"), List.of("topic", "bigint")),
        input("headers column of a wrong type",
            d -> d.selectExpr("value", "array('a', 'b') AS headers"), "headers", "array<string>"));
  }

  private Map<String, String> valid() {
    Map<String, String> m = new HashMap<>(kafka.sparkKafkaOptions());
    m.put("topic", existing);
    return m;
  }

  private static Dataset<Row> streamingInput() {
    return spark
        .readStream()
        .format("rate")
        .load()
        .selectExpr("CAST(value AS STRING) AS value", "value AS n");
  }

  private static Dataset<Row> batchInput() {
    return spark.range(3).selectExpr("CAST(id AS STRING) AS value", "id AS n");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misconfigurations")
  void streamingStartFailsNamingTheOption(Case c) throws Exception {
    Map<String, String> options = valid();
    c.breakOptions().accept(options);
    Path checkpoint = Files.createTempDirectory("kr-misconfig-cp-");
    String message =
        refusedWithin(
            c,
            () -> {
              StreamingQuery q =
                  c.breakInput()
                      .apply(streamingInput())
                      .writeStream()
                      .format("kafka-routed")
                      .options(options)
                      .option("checkpointLocation", checkpoint.toString())
                      .start();
              q.stop();
            });
    assertMentions(c, "start()", message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misconfigurations")
  void batchWriteFailsBeforeAnyTask(Case c) {
    Map<String, String> options = valid();
    c.breakOptions().accept(options);
    String message =
        refusedWithin(
            c,
            () -> c.breakInput().apply(batchInput()).write().format("kafka-routed").options(options).save());
    assertMentions(c, "df.write", message);
    assertFalse(message.contains("stage failure"), c + ": failed in a task, not at planning: " + message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("misconfigurations")
  void foreachWriterRefusesOnTheDriver(Case c) {
    Map<String, String> options = valid();
    c.breakOptions().accept(options);
    String message =
        refusedWithin(c, () -> KafkaRouted.foreachWriter(c.breakInput().apply(streamingInput()), options));
    assertMentions(c, "foreachWriter", message);
  }

  private static String refusedWithin(Case c, org.junit.jupiter.api.function.Executable call) {
    return assertTimeoutPreemptively(
        START_BUDGET,
        () -> fullMessage(assertThrows(Exception.class, call, c + ": expected a refusal")),
        c + ": the refusal must come within " + START_BUDGET);
  }

  /** The messages of the exception and its causes: Spark may wrap ours. */
  private static String fullMessage(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
    }
    return all.toString();
  }

  private static void assertMentions(Case c, String frontEnd, String message) {
    for (String part : c.expected()) {
      assertTrue(
          message.contains(part),
          c + " (" + frontEnd + "): expected '" + part + "' in the error: " + message);
    }
  }
}
