package io.github.kafkarouted.it.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import static io.github.kafkarouted.it.Records.awaitSinkMetric;
import static io.github.kafkarouted.it.Records.header;
import static io.github.kafkarouted.it.Records.keys;
import static io.github.kafkarouted.it.Records.messages;
import static io.github.kafkarouted.it.Records.utf8;

import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-quality rules ({@code validation.rule.<name>} and its action) on the real broker, under
 * micro-batch and Real-Time Mode: a broken {@code dlq} rule makes a RULE_VIOLATION dead letter that
 * names the rule, {@code drop} drops and counts, {@code warn} routes and counts, {@code fail} stops
 * the query naming the rule and the row. Rules read the decoded value ({@code data.*}).
 */
class DataQualityRulesIntegrationTest extends RealKafkaSparkTest {

  private static final int PARTITIONS = 2;
  private static final int ROWS = 60;
  private static final String SCHEMA = "event_id STRING NOT NULL, user_id BIGINT, amount DECIMAL(10,2), region STRING";

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    startKafkaAndSpark(PARTITIONS, "data-quality-rules-it");
  }

  private static boolean negativeAmount(int i) {
    return i % 5 == 1;
  }

  private static boolean noUser(int i) {
    return i % 7 == 2;
  }

  private static boolean otherRegion(int i) {
    return i % 3 == 0;
  }

  private static String json(int i, boolean failing) {
    return "{\"event_id\":\"e" + i + "\""
        + (noUser(i) ? "" : ",\"user_id\":" + i)
        + ",\"amount\":" + (failing && i == 13 ? "5000000" : negativeAmount(i) ? "-1.50" : "10.25")
        + ",\"region\":\"" + (otherRegion(i) ? "apac" : "eu") + "\"}";
  }

  private String produce(boolean failing) {
    String source = kafka.createUniqueTopic("rules-src", PARTITIONS);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      records.add(new ProducerRecord<>(source, i % PARTITIONS, utf8(Integer.toString(i)), utf8(json(i, failing))));
    }
    kafka.produce(source, records);
    return source;
  }

  private DataStreamWriter<Row> writer(String source, Map<String, String> options, String trigger) {
    Dataset<Row> events =
        kafkaStream(source)
            .option("kafka.fetch.max.wait.ms", "10")
            .load()
            .selectExpr("key", "value", "topic AS source_topic", "partition AS source_partition", "offset AS source_offset");
    DataStreamWriter<Row> w =
        events.writeStream().format("kafka-routed").options(options).option("checkpointLocation", tmp.resolve("cp").toString());
    if (trigger.equals("realtime")) {
      spark.conf().set("spark.sql.streaming.realTimeMode.allowlistCheck", "false");
      return w.outputMode("update").trigger(Trigger.RealTime(5000));
    }
    return w.trigger(Trigger.ProcessingTime(200));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"microbatch", "realtime"})
  void dlqDropAndWarnRulesEachDoWhatTheySay(String trigger) throws Exception {
    String source = produce(false);
    String out = kafka.createUniqueTopic("rules-out", 1);
    String dlq = kafka.createUniqueTopic("rules-dlq", 1);
    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("validation.schema", SCHEMA);
    options.put("topic", out);
    options.put("dlq.topic", dlq);
    options.put("validation.rule.amount_positive", "data.amount > 0");
    options.put("validation.rule.has_user", "data.user_id IS NOT NULL");
    options.put("validation.rule.has_user.action", "drop");
    options.put("validation.rule.known_region", "data.region IN ('eu', 'us')");
    options.put("validation.rule.known_region.action", "warn");

    Set<String> routed = new TreeSet<>();
    Set<String> dead = new TreeSet<>();
    int dropped = 0;
    for (int i = 0; i < ROWS; i++) {
      if (negativeAmount(i)) {
        dead.add(Integer.toString(i)); // dlq beats drop
      } else if (noUser(i)) {
        dropped++;
      } else {
        routed.add(Integer.toString(i)); // warn or clean
      }
    }
    StreamingQuery query = writer(source, options, trigger).start();
    try {
      Duration wait = Duration.ofSeconds(90);
      List<ConsumerRecord<byte[], byte[]>> outRecords = kafka.consumeAtLeast(out, routed.size(), wait);
      List<ConsumerRecord<byte[], byte[]>> deadRecords = kafka.consumeAtLeast(dlq, dead.size(), wait);
      assertEquals(routed, keys(outRecords), trigger + ": routed rows (clean and warned)");
      assertEquals(dead, keys(deadRecords), trigger + ": dead-lettered rows");
      for (ConsumerRecord<byte[], byte[]> r : deadRecords) {
        assertEquals("RULE_VIOLATION", header(r, DeadLetterHeaders.REASON));
        assertEquals("amount_positive", header(r, DeadLetterHeaders.RULE));
        assertTrue(header(r, DeadLetterHeaders.ERROR_MESSAGE).contains("data.amount > 0"));
      }
      Map<String, String> metrics = awaitSinkMetric(query, "rowsIn", ROWS);
      assertEquals(Integer.toString(routed.size()), metrics.get("rowsRouted"));
      assertEquals(Integer.toString(dead.size()), metrics.get("rowsDeadLettered"));
      assertEquals(Integer.toString(dropped), metrics.get("rowsDropped"));
      assertEquals(Long.toString(count(ROWS, DataQualityRulesIntegrationTest::negativeAmount)), metrics.get("rule.amount_positive.violations"));
      assertEquals(Long.toString(count(ROWS, DataQualityRulesIntegrationTest::noUser)), metrics.get("rule.has_user.violations"));
      assertEquals(Long.toString(count(ROWS, DataQualityRulesIntegrationTest::otherRegion)), metrics.get("rule.known_region.violations"));
      assertEquals(Integer.toString(dead.size()), metrics.get("deadLetters.reason.RULE_VIOLATION"));
      assertTrue(query.exception().isEmpty());
    } finally {
      query.stop();
      spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"microbatch", "realtime"})
  void aBrokenFailRuleStopsTheQueryNamingTheRuleAndTheRow(String trigger) throws Exception {
    String source = produce(true);
    Map<String, String> options = new HashMap<>(kafka.sparkKafkaOptions());
    options.put("validation.schema", SCHEMA);
    options.put("topic", kafka.createUniqueTopic("rules-fail-out", 1));
    options.put("validation.rule.plausible_amount", "data.amount < 1000000");
    options.put("validation.rule.plausible_amount.action", "fail");
    StreamingQuery query = writer(source, options, trigger).start();
    try {
      StreamingQueryException e =
          org.junit.jupiter.api.Assertions.assertThrows(StreamingQueryException.class, () -> query.awaitTermination(120_000));
      String all = messages(e);
      assertTrue(all.contains("plausible_amount") && all.contains("validation.rule.plausible_amount"), all);
      assertTrue(all.contains("partition " + (13 % PARTITIONS)) && all.contains("offset " + (13 / PARTITIONS)), all);
      assertFalse(query.isActive());
    } finally {
      query.stop();
      spark.conf().unset("spark.sql.streaming.realTimeMode.allowlistCheck");
    }
  }

  private static long count(int n, java.util.function.IntPredicate p) {
    return java.util.stream.IntStream.range(0, n).filter(p).count();
  }

}
