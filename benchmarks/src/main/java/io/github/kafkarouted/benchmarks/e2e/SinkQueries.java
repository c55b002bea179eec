package io.github.kafkarouted.benchmarks.e2e;

import io.github.kafkarouted.connector.KafkaRouted;
import io.github.kafkarouted.connector.config.SinkOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Builds and starts the streaming query of one sink, Kafka to Kafka, the way a user would write it.
 *
 * <ul>
 *   <li>Stock {@code kafka}: {@code key, value} copied to one topic.
 *   <li>Stock {@code kafka} with a {@code topic} column computed from {@code kind} (saturation only).
 *   <li>{@code kafka-routed} (and the same through its ForeachWriter): {@code kind} read from the
 *       JSON value with {@code get_json_object}; routes {@code orders} ({@code kind = 'order'}),
 *       {@code payments}, {@code refunds}, default topic {@code other}; first-match; values checked
 *       strictly against {@link StampedEvents#SCHEMA_DDL}; invalid ones to the dead-letter topic.
 *   <li>{@code kafka-routed-value}: the same, with the routes written on the decoded value ({@code
 *       data.kind = 'order'}) and no parsing in the query.
 *   <li>{@code kafka-routed-exactly-once}: {@code kafka-routed} with {@code
 *       delivery.guarantee=exactly-once}.
 * </ul>
 *
 * Every source reads with {@code kafka.fetch.max.wait.ms=10}; every sink producer has {@code
 * linger.ms=0}.
 *
 * <p>Stateless; use from the driver thread.
 */
final class SinkQueries {

  /** The topics one sink writes, named after a prefix. */
  record OutputTopics(List<String> measured, List<String> deadLetters) {
    static OutputTopics of(E2eSink sink, String prefix) {
      if (!sink.routesByKind()) {
        return new OutputTopics(List.of(prefix + "-out"), List.of());
      }
      return new OutputTopics(
          List.of(prefix + "-orders", prefix + "-payments", prefix + "-refunds", prefix + "-other"),
          sink.routed() ? List.of(prefix + "-dlq") : List.of());
    }

    List<String> all() {
      List<String> all = new ArrayList<>(measured);
      all.addAll(deadLetters);
      return all;
    }
  }

  private SinkQueries() {}

  static StreamingQuery start(
      SparkSession spark,
      Map<String, String> kafkaOptions,
      E2eSink sink,
      String inputTopic,
      OutputTopics out,
      String queryName,
      String checkpoint,
      UnaryOperator<DataStreamWriter<Row>> trigger)
      throws TimeoutException {
    Dataset<Row> source =
        spark
            .readStream()
            .format("kafka")
            .options(kafkaOptions)
            .option("subscribe", inputTopic)
            .option("startingOffsets", "earliest")
            .option("kafka.fetch.max.wait.ms", Integer.toString(HarnessSettings.SOURCE_FETCH_MAX_WAIT_MS))
            .load();
    String linger = Integer.toString(HarnessSettings.SINK_LINGER_MS);
    if (sink == E2eSink.STOCK_TOPIC_COLUMN) {
      List<String> t = out.measured();
      DataStreamWriter<Row> writer =
          source
              .selectExpr(
                  "key",
                  "value",
                  "CASE get_json_object(CAST(value AS STRING), '$.kind')"
                      + " WHEN 'order' THEN '" + t.get(0) + "' WHEN 'payment' THEN '" + t.get(1)
                      + "' WHEN 'refund' THEN '" + t.get(2) + "' ELSE '" + t.get(3) + "' END AS topic")
              .writeStream()
              .queryName(queryName)
              .format("kafka")
              .options(kafkaOptions)
              .option("kafka.linger.ms", linger)
              .option("checkpointLocation", checkpoint);
      return trigger.apply(writer).start();
    }
    if (sink == E2eSink.STOCK) {
      DataStreamWriter<Row> writer =
          source
              .selectExpr("key", "value")
              .writeStream()
              .queryName(queryName)
              .format("kafka")
              .options(kafkaOptions)
              .option("topic", out.measured().get(0))
              .option("kafka.linger.ms", linger)
              .option("checkpointLocation", checkpoint);
      return trigger.apply(writer).start();
    }
    boolean onValue = sink == E2eSink.ROUTED_VALUE;
    Dataset<Row> events =
        onValue
            ? source.selectExpr(
                "key", "value", "topic AS source_topic", "partition AS source_partition", "offset AS source_offset")
            : source.selectExpr(
                "key",
                "value",
                "get_json_object(CAST(value AS STRING), '$.kind') AS kind",
                "topic AS source_topic",
                "partition AS source_partition",
                "offset AS source_offset");
    Map<String, String> options = routedOptions(kafkaOptions, out, onValue ? "data.kind" : "kind");
    if (sink == E2eSink.ROUTED_EXACTLY_ONCE) {
      options.put("delivery.guarantee", "exactly-once");
    }
    DataStreamWriter<Row> writer =
        events.writeStream().queryName(queryName).option("checkpointLocation", checkpoint);
    writer =
        sink != E2eSink.ROUTED_FOREACH
            ? writer.format("kafka-routed").options(options)
            : writer.foreach(KafkaRouted.foreachWriter(events, options));
    return trigger.apply(writer).start();
  }

  /** @param kind the SQL that reads the event's kind: an input column, or the decoded value's field */
  static Map<String, String> routedOptions(Map<String, String> kafkaOptions, OutputTopics out, String kind) {
    Map<String, String> options = new LinkedHashMap<>(kafkaOptions);
    options.put("kafka.linger.ms", Integer.toString(HarnessSettings.SINK_LINGER_MS));
    options.put(route(1, SinkOptions.ROUTE_TOPIC_SUFFIX), out.measured().get(0));
    options.put(route(1, SinkOptions.ROUTE_WHEN_SUFFIX), kind + " = 'order'");
    options.put(route(2, SinkOptions.ROUTE_TOPIC_SUFFIX), out.measured().get(1));
    options.put(route(2, SinkOptions.ROUTE_WHEN_SUFFIX), kind + " = 'payment'");
    options.put(route(3, SinkOptions.ROUTE_TOPIC_SUFFIX), out.measured().get(2));
    options.put(route(3, SinkOptions.ROUTE_WHEN_SUFFIX), kind + " = 'refund'");
    options.put(SinkOptions.TOPIC, out.measured().get(3));
    options.put(SinkOptions.VALIDATION_SCHEMA, StampedEvents.SCHEMA_DDL);
    options.put(SinkOptions.VALIDATION_ALLOW_UNKNOWN_FIELDS, "false");
    options.put(SinkOptions.DLQ_TOPIC, out.deadLetters().get(0));
    return options;
  }

  private static String route(int n, String suffix) {
    return SinkOptions.ROUTE_PREFIX + n + "." + suffix;
  }
}
