package io.github.kafkarouted.it.dlq;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.codec.DeadLetterEncoder;
import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.replay.DeadLetterReplay;
import io.github.kafkarouted.dlq.replay.ReplayFilter;
import io.github.kafkarouted.dlq.replay.ReplayResult;
import io.github.kafkarouted.it.RealKafkaSparkTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replay against a real DLQ topic: a filtered set goes exactly to its intended topics with its
 * original key, value and headers and a replay count; the dry run counts the same without sending;
 * a record that fails again is a dead letter again, with its replay count, and stops at the maximum.
 */
class DeadLetterReplayIntegrationTest extends RealKafkaSparkTest {

  @BeforeAll
  static void start() {
    startKafkaAndSpark(2, "dead-letter-replay-it");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String str(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** Dead letters as a routed query writes them: {@code key} meant for {@code target}, failed for {@code reason}. */
  private static ProducerRecord<byte[], byte[]> deadLetter(String dlq, String key, String target, DeadLetterReason reason, long offset) {
    DeadLetter dl =
        DeadLetter.builder()
            .key(utf8(key))
            .value(utf8("{\"id\":\"" + key + "\"}"))
            .headers(List.of(new RecordHeader("trace", utf8("t-" + key))))
            .timestampMillis(System.currentTimeMillis() - 60_000)
            .reason(reason)
            .errorClass("org.apache.kafka.common.errors.UnknownTopicOrPartitionException")
            .errorMessage("topic " + target + " does not exist")
            .targetTopics(target == null ? List.of() : List.of(target))
            .sourceTopic("orders-in")
            .sourcePartition(0)
            .sourceOffset(offset)
            .queryId("q-replay-it")
            .batchId(3)
            .failedAtMillis(System.currentTimeMillis())
            .build();
    return new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false, 1 << 20).encode(dlq, dl);
  }

  private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> r) {
    Map<String, String> out = new TreeMap<>();
    for (Header h : r.headers()) {
      out.put(h.key(), str(h.value()));
    }
    return out;
  }

  @Test
  void aFilteredSetGoesBackToItsTargetsAndFailuresComeBackCounted() {
    String dlq = kafka.createUniqueTopic("replay-dlq", 1);
    String fixed = kafka.createUniqueTopic("fixed", 1);
    String other = kafka.createUniqueTopic("other", 1);
    String missing = "missing-" + dlq.substring(dlq.lastIndexOf('-') + 1);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    records.add(deadLetter(dlq, "a1", fixed, DeadLetterReason.TOPIC_NOT_FOUND, 1));
    records.add(deadLetter(dlq, "a2", fixed, DeadLetterReason.TOPIC_NOT_FOUND, 2));
    records.add(deadLetter(dlq, "a3", fixed, DeadLetterReason.TOPIC_NOT_FOUND, 3));
    records.add(deadLetter(dlq, "o1", other, DeadLetterReason.SEND_FAILED, 4));
    records.add(deadLetter(dlq, "n1", null, DeadLetterReason.NO_ROUTE, 5));
    records.add(deadLetter(dlq, "m1", missing, DeadLetterReason.TOPIC_NOT_FOUND, 6));
    records.add(deadLetter(dlq, "m2", missing, DeadLetterReason.TOPIC_NOT_FOUND, 7));
    kafka.produce(dlq, records);

    // The fixed topic's dead letters, and only them: TOPIC_NOT_FOUND meant for it.
    DeadLetterReplay toFixed =
        DeadLetterReplay.fromTopic(dlq, kafka.sparkKafkaOptions())
            .filter(ReplayFilter.all().withReasons(List.of(DeadLetterReason.TOPIC_NOT_FOUND)).withTargetTopic(fixed))
            .build();
    ReplayResult dry = toFixed.dryRun(spark);
    assertEquals(new ReplayResult(3, 3, 0, 0, true), dry);
    assertEquals(0L, kafka.endOffsetSum(fixed), "a dry run sends nothing");

    ReplayResult sent = toFixed.run(spark);
    assertEquals(new ReplayResult(3, 3, 0, 0, false), sent);
    List<ConsumerRecord<byte[], byte[]>> replayed = kafka.consumeAll(fixed);
    assertEquals(List.of("a1", "a2", "a3"), replayed.stream().map(r -> str(r.key())).sorted().toList());
    for (ConsumerRecord<byte[], byte[]> r : replayed) {
      String key = str(r.key());
      assertArrayEquals(utf8("{\"id\":\"" + key + "\"}"), r.value());
      Map<String, String> h = headers(r);
      assertEquals("t-" + key, h.get("trace"));
      assertEquals("1", h.get(DeadLetterHeaders.RECORD_REPLAY_COUNT));
      assertTrue(h.keySet().stream().noneMatch(k -> k.startsWith(DeadLetterHeaders.PREFIX)), "no DLQ context: " + h);
    }
    assertEquals(0L, kafka.endOffsetSum(other), "records not selected stay where they are");

    // The missing topic is still missing: replayed, they fail again and come back with replay count 1.
    DeadLetterReplay toMissing =
        DeadLetterReplay.fromTopic(dlq, kafka.sparkKafkaOptions())
            .filter(ReplayFilter.all().withTargetTopic(missing).withWhere("replay_count = 0"))
            .build();
    assertEquals(new ReplayResult(2, 2, 0, 0, false), toMissing.run(spark));
    List<Row> again =
        spark.read().format("kafka-dead-letters").options(kafka.sparkKafkaOptions()).option("subscribe", dlq).load()
            .where("replay_count = 1").orderBy("key").collectAsList();
    assertEquals(2, again.size());
    assertEquals("m1", str((byte[]) again.get(0).getAs("key")));
    assertEquals("TOPIC_NOT_FOUND", again.get(0).<String>getAs("reason"));
    assertEquals(List.of(missing), again.get(0).getList(again.get(0).fieldIndex("target_topics")));
    assertEquals(6L, again.get(0).<Long>getAs("source_offset").longValue(), "still points at the original source");

    // At the maximum replay count they are skipped, counted, not sent: no loop.
    ReplayResult capped =
        DeadLetterReplay.fromTopic(dlq, kafka.sparkKafkaOptions())
            .filter(ReplayFilter.all().withTargetTopic(missing).withWhere("replay_count = 1"))
            .maxReplays(1)
            .build()
            .run(spark);
    assertEquals(new ReplayResult(2, 0, 2, 0, false), capped);
    assertEquals(9L, kafka.endOffsetSum(dlq), "nothing new in the DLQ");

    // A dead letter without an intended topic cannot go back to it; to a given topic it can.
    DeadLetterReplay noRoute =
        DeadLetterReplay.fromTopic(dlq, kafka.sparkKafkaOptions())
            .filter(ReplayFilter.all().withReasonNames(List.of("NO_ROUTE")))
            .build();
    assertEquals(new ReplayResult(1, 0, 0, 1, true), noRoute.dryRun(spark));
    ReplayResult redirected =
        DeadLetterReplay.fromTopic(dlq, kafka.sparkKafkaOptions())
            .filter(ReplayFilter.all().withReasonNames(List.of("NO_ROUTE")))
            .toTopic(other)
            .build()
            .run(spark);
    assertEquals(new ReplayResult(1, 1, 0, 0, false), redirected);
    assertEquals(List.of("n1"), kafka.consumeAll(other).stream().map(r -> str(r.key())).toList());
  }

  /**
   * The user's SQL predicate is one expression ANDed with the other filters: it can widen nothing.
   * Built by pasting text, {@code "true) OR (true"} selected every dead letter.
   */
  @Test
  void aWherePredicateCannotEscapeTheOtherFilters() {
    String dlq = kafka.createUniqueTopic("replay-escape-dlq", 1);
    String fixed = kafka.createUniqueTopic("escape-fixed", 1);
    String other = kafka.createUniqueTopic("escape-other", 1);
    kafka.produce(dlq, List.of(
        deadLetter(dlq, "f1", fixed, DeadLetterReason.TOPIC_NOT_FOUND, 1),
        deadLetter(dlq, "o1", other, DeadLetterReason.SEND_FAILED, 2),
        deadLetter(dlq, "o2", other, DeadLetterReason.SEND_FAILED, 3)));

    String refused =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> ReplayFilter.all().withTargetTopic(fixed).withWhere("true) OR (true")).getMessage();
    assertTrue(refused.contains("true) OR (true"), refused);

    // An OR inside the predicate stays inside it.
    ReplayResult sent =
        DeadLetterReplay.fromTopic(dlq, kafka.sparkKafkaOptions())
            .filter(ReplayFilter.all().withTargetTopic(fixed).withWhere("source_offset = 1 OR true"))
            .build()
            .run(spark);
    assertEquals(new ReplayResult(1, 1, 0, 0, false), sent);
    assertEquals(List.of("f1"), kafka.consumeAll(fixed).stream().map(r -> str(r.key())).toList());
    assertEquals(0L, kafka.endOffsetSum(other), "the other target's dead letters were not selected");
  }

  /** With a ledger, a second run sends only what the first did not; without one, it sends again. */
  @Test
  void aLedgerMakesASecondRunSendOnlyWhatIsNew(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    String dlq = kafka.createUniqueTopic("replay-ledger-dlq", 1);
    String fixed = kafka.createUniqueTopic("ledger-fixed", 1);
    kafka.produce(dlq, List.of(
        deadLetter(dlq, "a1", fixed, DeadLetterReason.TOPIC_NOT_FOUND, 1),
        deadLetter(dlq, "a2", fixed, DeadLetterReason.TOPIC_NOT_FOUND, 2)));
    String ledger = tmp.resolve("ledger").toString();
    DeadLetterReplay replay =
        DeadLetterReplay.fromTopic(dlq, kafka.sparkKafkaOptions()).ledger(ledger).build();

    assertEquals(new ReplayResult(2, 2, 0, 0, 0, false), replay.run(spark));
    assertEquals(new ReplayResult(2, 0, 0, 0, 2, false), replay.run(spark), "the second run sends nothing");
    assertEquals(2L, kafka.endOffsetSum(fixed));

    kafka.produce(dlq, List.of(deadLetter(dlq, "a3", fixed, DeadLetterReason.TOPIC_NOT_FOUND, 3)));
    assertEquals(new ReplayResult(3, 1, 0, 0, 2, true), replay.dryRun(spark), "a dry run sees the same");
    assertEquals(new ReplayResult(3, 1, 0, 0, 2, false), replay.run(spark), "only the new dead letter");
    assertEquals(List.of("a1", "a2", "a3"), kafka.consumeAll(fixed).stream().map(r -> str(r.key())).sorted().toList());

    // Without the ledger, the same replay sends everything again (documented).
    assertEquals(new ReplayResult(3, 3, 0, 0, false), DeadLetterReplay.fromTopic(dlq, kafka.sparkKafkaOptions()).build().run(spark));
    assertEquals(6L, kafka.endOffsetSum(fixed));
  }

  /** The DLQ holds dead letters only: a replay cannot write plain records into it. */
  @Test
  void aReplayNeverWritesPlainRecordsIntoTheDlq() {
    String dlq = kafka.createUniqueTopic("replay-self-dlq", 1);
    kafka.produce(dlq, List.of(deadLetter(dlq, "s1", dlq, DeadLetterReason.SEND_FAILED, 1)));
    String refused =
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> DeadLetterReplay.fromTopic(dlq, kafka.sparkKafkaOptions()).toTopic(dlq).build()).getMessage();
    assertTrue(refused.contains(dlq), refused);

    // A dead letter whose intended topic is the DLQ itself comes back as a dead letter, not as a record.
    assertEquals(new ReplayResult(1, 1, 0, 0, false), DeadLetterReplay.fromTopic(dlq, kafka.sparkKafkaOptions()).build().run(spark));
    List<Row> all =
        spark.read().format("kafka-dead-letters").options(kafka.sparkKafkaOptions()).option("subscribe", dlq).load()
            .orderBy("dlq_offset").collectAsList();
    assertEquals(2, all.size());
    assertTrue(all.stream().allMatch(r -> r.getAs("decode_error") == null), "every record in the DLQ is a dead letter");
    assertEquals("TOPIC_NOT_ALLOWED", all.get(1).<String>getAs("reason"));
    assertEquals(1, all.get(1).<Integer>getAs("replay_count").intValue());
  }
}
