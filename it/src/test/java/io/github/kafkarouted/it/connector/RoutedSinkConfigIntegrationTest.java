package io.github.kafkarouted.it.connector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each misconfiguration fails {@code start()} (not a task later) with a message naming the option. */
class RoutedSinkConfigIntegrationTest extends RealKafkaSparkTest {

  private static String existing;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "routed-config-it");
    existing = kafka.createUniqueTopic("exists", 1);
  }

  private static Dataset<Row> events() {
    return spark
        .readStream()
        .format("rate")
        .load()
        .selectExpr(
            "CAST(value AS STRING) AS value",
            "CASE WHEN value % 2 = 0 THEN 'high' ELSE 'low' END AS priority",
            "value AS n");
  }

  private Map<String, String> valid() {
    Map<String, String> m = new HashMap<>(kafka.sparkKafkaOptions());
    m.put("topic", existing);
    return m;
  }

  /** Starts the query and returns the error message of the failed start. */
  private String startFails(Dataset<Row> input, Map<String, String> options) {
    Exception e =
        assertThrows(
            Exception.class,
            () -> {
              StreamingQuery q =
                  input
                      .writeStream()
                      .format("kafka-routed")
                      .options(options)
                      .option("checkpointLocation", tmp.resolve("cp").toString())
                      .start();
              q.stop();
            });
    return e.getMessage();
  }

  private void assertStartFails(Map<String, String> options, String... expected) {
    String message = startFails(events(), options);
    for (String part : expected) {
      assertTrue(message.contains(part), "expected '" + part + "' in: " + message);
    }
  }

  @Test
  void noBootstrapServers() {
    Map<String, String> m = valid();
    m.remove("kafka.bootstrap.servers");
    assertStartFails(m, "kafka.bootstrap.servers");
  }

  @Test
  void noValueColumn() {
    String message = startFails(events().drop("value"), valid());
    assertTrue(message.contains("'value'") && message.contains("value.format=json"), message);
  }

  @Test
  void noWayToPickATopic() {
    Map<String, String> m = valid();
    m.remove("topic");
    assertStartFails(m, "No way to pick a topic", "'topic' option");
  }

  @Test
  void badRouteNumbering() {
    Map<String, String> m = valid();
    m.put("route.first.topic", existing);
    assertStartFails(m, "route.first.topic", "positive integer");
  }

  @Test
  void routeWithTwoTopics() {
    // Spark's options are case-insensitive, so "route.1.topic" given twice is one option; the
    // duplicate a user can write is a route with both a topic and a topic expression.
    Map<String, String> m = valid();
    m.put("route.1.topic", existing);
    m.put("route.1.topicExpr", "'x'");
    assertStartFails(m, "route.1.topicExpr", "keep one");
  }

  @Test
  void invalidSql() {
    Map<String, String> m = valid();
    m.put("route.1.topic", existing);
    m.put("route.1.when", "priority = = 'high'");
    assertStartFails(m, "route.1.when", "not a valid SQL expression");
  }

  @Test
  void unknownColumn() {
    Map<String, String> m = valid();
    m.put("route.1.topic", existing);
    m.put("route.1.when", "priorty = 'high'");
    assertStartFails(m, "route.1.when", "priorty");
  }

  @Test
  void nonBooleanCondition() {
    Map<String, String> m = valid();
    m.put("route.1.topic", existing);
    m.put("route.1.when", "n + 1");
    assertStartFails(m, "route.1.when", "must be a boolean", "bigint");
  }

  @Test
  void nonStringTopicExpression() {
    Map<String, String> m = valid();
    m.put("route.1.topicExpr", "n");
    assertStartFails(m, "route.1.topicExpr", "must be a string");
  }

  @Test
  void aggregateInCondition() {
    Map<String, String> m = valid();
    m.put("route.1.topic", existing);
    m.put("route.1.when", "count(*) > 1");
    assertStartFails(m, "route.1.when", "per-row expression");
  }

  @Test
  void unknownRoutingMode() {
    Map<String, String> m = valid();
    m.put("routing.mode", "random");
    assertStartFails(m, "routing.mode", "random");
  }

  @Test
  void serializerOverride() {
    Map<String, String> m = valid();
    m.put("kafka.value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
    assertStartFails(m, "kafka.value.serializer", "ByteArraySerializer");
  }

  @Test
  void literalRouteTopicThatDoesNotExist() {
    Map<String, String> m = valid();
    m.put("route.1.topic", "no-such-topic-here");
    m.put("route.1.when", "priority = 'high'");
    assertStartFails(m, "no-such-topic-here", "route.1.topic", "does not exist");
  }

  @Test
  void wrongTypeOfRecordColumn() {
    Dataset<Row> input = events().selectExpr("value", "n AS partition");
    String message = startFails(input, valid());
    assertTrue(message.contains("partition") && message.contains("int"), message);
  }

  @Test
  void foreachWriterChecksTheSameOptionsOnTheDriver() {
    Map<String, String> m = valid();
    m.put("route.1.topic", existing);
    m.put("route.1.when", "nope = 1");
    Exception e =
        assertThrows(IllegalArgumentException.class, () -> KafkaRouted.foreachWriter(events(), m));
    assertTrue(e.getMessage().contains("route.1.when"), e.getMessage());
  }

  @Test
  void secretsStayOutOfErrors() {
    Map<String, String> m = valid();
    m.put("kafka.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cr3t-pw\";");
    m.put("route.1.topic", existing);
    m.put("route.1.when", "bad column");
    String message = startFails(events(), m);
    assertFalse(message.contains("s3cr3t-pw"), message);
  }
}
