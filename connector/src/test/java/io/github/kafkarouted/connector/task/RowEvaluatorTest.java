package io.github.kafkarouted.connector.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.config.SinkConf;
import io.github.kafkarouted.connector.plan.SinkPlanner;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.validation.ValueDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The writer's evaluation step with a value format: the value is decoded once per row, route
 * expressions read the decoded fields ({@code data.*}), an invalid value never reaches them. Plans
 * with Spark's analyser (a local session, no cluster, no Kafka).
 */
class RowEvaluatorTest {

  private static final StructType INPUT =
      StructType.fromDDL("key BINARY, value BINARY, source_topic STRING, source_partition INT, source_offset BIGINT");

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("row-evaluator-test")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static WriterSpec plan(Map<String, String> extra) {
    Map<String, String> options = new HashMap<>();
    options.put("kafka.bootstrap.servers", "127.0.0.1:1");
    options.put("validation.schema", "event_id STRING NOT NULL, priority STRING, event_type STRING NOT NULL, region STRING");
    options.put("route.1.topic", "urgent-events");
    options.put("route.1.when", "data.priority = 'high'");
    options.put("route.2.topic", "error-events");
    options.put("route.2.when", "data.event_type = 'error'");
    options.put("route.3.topicExpr", "concat('events-', data.region)");
    options.put("route.3.when", "data.region IS NOT NULL");
    options.put("route.4.topic", "checked-events");
    // Throws (ANSI cast) for an event of type 'bad' whose region is not a number.
    options.put("route.4.when", "data.event_type = 'bad' AND CAST(data.region AS INT) > 0");
    options.put("routing.mode", "all-matches");
    options.put("topic", "standard-events");
    options.put("dlq.topic", "events-dlq");
    options.putAll(extra);
    return SinkPlanner.plan(SinkConf.parse(options), INPUT);
  }

  private static InternalRow row(String json, long offset) {
    return new GenericInternalRow(
        new Object[] {
          "k".getBytes(StandardCharsets.UTF_8),
          json.getBytes(StandardCharsets.UTF_8),
          UTF8String.fromString("events"),
          0,
          offset
        });
  }

  /** Counts the values it decodes, and decodes them with the real JSON decoder. */
  private static final class CountingDecoder implements ValueDecoder {
    private final ValueDecoder delegate;
    int decoded;

    CountingDecoder(ValueDecoder delegate) {
      this.delegate = delegate;
    }

    @Override
    public String decode(byte[] value) {
      decoded++;
      return delegate.decode(value);
    }

    @Override
    public InternalRow decoded() {
      return delegate.decoded();
    }
  }

  @Test
  void decodesEachValueExactlyOnceAndRoutesOnItsFields() {
    WriterSpec spec = plan(Map.of());
    CountingDecoder decoder =
        new CountingDecoder(spec.valueFormat().newDecoder(spec.decodedFields()));
    RowEvaluator evaluator = new RowEvaluator(spec, 0, decoder);

    assertEquals(
        RowEvaluator.Result.ROUTABLE,
        evaluator.evaluate(row("{\"event_id\":\"1\",\"priority\":\"high\",\"event_type\":\"click\",\"region\":\"eu\"}", 1)));
    ProjectedRow view = evaluator.view();
    assertTrue(view.matches(0), "data.priority = 'high'");
    assertFalse(view.matches(1));
    assertTrue(view.matches(2));
    assertEquals("events-eu", view.computedTopic(2));
    assertFalse(view.matches(3));
    assertEquals(1L, view.sourceOffset());
    assertEquals(1, decoder.decoded);

    assertEquals(
        RowEvaluator.Result.ROUTABLE,
        evaluator.evaluate(row("{\"event_id\":\"2\",\"priority\":\"low\",\"event_type\":\"error\"}", 2)));
    assertFalse(view.matches(0));
    assertTrue(view.matches(1), "data.event_type = 'error'");
    assertFalse(view.matches(2), "region is missing: the reused row must not keep 'eu' of the last value");
    assertNull(view.computedTopic(2));
    assertEquals(2, decoder.decoded);

    assertEquals(RowEvaluator.Result.INVALID_VALUE, evaluator.evaluate(row("{\"event_id\": \"3\"", 3)));
    assertTrue(evaluator.problem().contains("malformed JSON"), evaluator.problem());
    assertEquals(3L, evaluator.view().sourceOffset(), "the view holds the record fields of the invalid row");
    assertEquals("{\"event_id\": \"3\"", new String(evaluator.view().value(), StandardCharsets.UTF_8));
    assertEquals(3, decoder.decoded);

    assertEquals(
        RowEvaluator.Result.ROUTE_ERROR,
        evaluator.evaluate(row("{\"event_id\":\"4\",\"event_type\":\"bad\",\"region\":\"eu\"}", 4)));
    assertTrue(evaluator.routeError().getMessage().contains("eu"), evaluator.routeError().getMessage());
    assertEquals(4L, evaluator.view().sourceOffset());
    assertEquals(4, decoder.decoded, "one decode per row, whatever became of it");
  }

  @Test
  void onlyTheFieldsThatRouteExpressionsReadAreMaterialized() {
    WriterSpec spec = plan(Map.of());
    assertFalse(spec.decodedFields().isRead(0), "no route reads event_id");
    assertTrue(spec.decodedFields().isRead(1));
    assertTrue(spec.decodedFields().isRead(2));
    assertTrue(spec.decodedFields().isRead(3));
    ValueDecoder decoder = spec.valueFormat().newDecoder(spec.decodedFields());
    assertNull(decoder.decode("{\"event_id\":\"1\",\"priority\":\"high\",\"event_type\":\"click\"}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(decoder.decoded().isNullAt(0), "validated, not materialized");
    assertEquals("high", decoder.decoded().getUTF8String(1).toString());
  }

  @Test
  void theAliasRenamesTheDecodedValue() {
    WriterSpec spec =
        plan(Map.of("validation.alias", "event", "route.1.when", "event.priority = 'high'", "route.2.when", "event.event_type = 'error'",
            "route.3.topicExpr", "concat('events-', event.region)", "route.3.when", "event.region IS NOT NULL",
            "route.4.when", "event.event_type = 'bad'"));
    RowEvaluator evaluator = new RowEvaluator(spec, 0, spec.valueFormat().newDecoder(spec.decodedFields()));
    evaluator.evaluate(row("{\"event_id\":\"1\",\"priority\":\"high\",\"event_type\":\"click\",\"region\":\"us\"}", 1));
    assertTrue(evaluator.view().matches(0));
    assertEquals("events-us", evaluator.view().computedTopic(2));
  }
}
