package io.github.kafkarouted.dlq.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

  @Test
  void idempotencyKeyHasTheDocumentedPlainFormat() {
    assertEquals("orders-3-1042:eu", DeadLetterHeaders.idempotencyKey("orders", 3, 1042L, "eu"));
  }

  @Test
  void idempotencyKeyIsDeterministicAndDistinguishesEveryPart() {
    String key = DeadLetterHeaders.idempotencyKey("orders", 3, 1042L, "eu");
    assertEquals(key, DeadLetterHeaders.idempotencyKey(new String("orders"), 3, 1042L, new String("eu")));
    assertNotEquals(key, DeadLetterHeaders.idempotencyKey("orders", 3, 1042L, "us"));
    assertNotEquals(key, DeadLetterHeaders.idempotencyKey("orders", 3, 1043L, "eu"));
    assertNotEquals(key, DeadLetterHeaders.idempotencyKey("orders", 4, 1042L, "eu"));
    assertNotEquals(key, DeadLetterHeaders.idempotencyKey("orders2", 3, 1042L, "eu"));
    // Dashes in topic names do not make keys collide: partition and offset are the last two fields.
    assertNotEquals(DeadLetterHeaders.idempotencyKey("a-1", 2, 3L, "r"), DeadLetterHeaders.idempotencyKey("a", 12, 3L, "r"));
  }

  @Test
  void idempotencyKeyRejectsInputsThatWouldMakeItAmbiguous() {
    assertThrows(IllegalArgumentException.class, () -> DeadLetterHeaders.idempotencyKey("a:b", 0, 0L, "r"));
    assertThrows(IllegalArgumentException.class, () -> DeadLetterHeaders.idempotencyKey("", 0, 0L, "r"));
    assertThrows(IllegalArgumentException.class, () -> DeadLetterHeaders.idempotencyKey("a", -1, 0L, "r"));
    assertThrows(IllegalArgumentException.class, () -> DeadLetterHeaders.idempotencyKey("a", 0, -1L, "r"));
    assertThrows(IllegalArgumentException.class, () -> DeadLetterHeaders.idempotencyKey("a", 0, 0L, ""));
  }

  @Test
  void deadLetterKeyUsesSourceReplayCountAndTargetsButNotTheReason() {
    DeadLetter dl = TestDeadLetters.full().build();
    assertEquals("orders-in-3-1042:__dlq/2/orders.eu,orders.us", DeadLetterHeaders.idempotencyKey(dl));
    DeadLetter otherReason = dl.toBuilder().reason(DeadLetterReason.SEND_FAILED).build();
    assertEquals(DeadLetterHeaders.idempotencyKey(dl), DeadLetterHeaders.idempotencyKey(otherReason));
    assertEquals("orders-in-3-1042:__dlq/0/",
        DeadLetterHeaders.idempotencyKey(dl.toBuilder().replayCount(0).targetTopics(List.of()).build()));
  }

  @Test
  void deadLetterKeyIsAbsentWhenTheSourceIsUnknown() {
    assertNull(DeadLetterHeaders.idempotencyKey(TestDeadLetters.full().sourceOffset(null).build()));
  }

  @Test
  void headerNamesAreTheDocumentedOnes() {
    assertEquals("kafka-routed.dlq.reason", DeadLetterHeaders.REASON);
    assertEquals("kafka-routed.dlq.error.class", DeadLetterHeaders.ERROR_CLASS);
    assertEquals("kafka-routed.dlq.error.message", DeadLetterHeaders.ERROR_MESSAGE);
    assertEquals("kafka-routed.dlq.error.stacktrace", DeadLetterHeaders.ERROR_STACKTRACE);
    assertEquals("kafka-routed.dlq.target.topics", DeadLetterHeaders.TARGET_TOPICS);
    assertEquals("kafka-routed.dlq.source.topic", DeadLetterHeaders.SOURCE_TOPIC);
    assertEquals("kafka-routed.dlq.source.partition", DeadLetterHeaders.SOURCE_PARTITION);
    assertEquals("kafka-routed.dlq.source.offset", DeadLetterHeaders.SOURCE_OFFSET);
    assertEquals("kafka-routed.dlq.query.id", DeadLetterHeaders.QUERY_ID);
    assertEquals("kafka-routed.dlq.batch.id", DeadLetterHeaders.BATCH_ID);
    assertEquals("kafka-routed.dlq.time", DeadLetterHeaders.TIME);
    assertEquals("kafka-routed.dlq.schema.version", DeadLetterHeaders.SCHEMA_VERSION);
    assertEquals("kafka-routed.dlq.value.truncated", DeadLetterHeaders.VALUE_TRUNCATED);
    assertEquals("kafka-routed.dlq.value.original.size", DeadLetterHeaders.VALUE_ORIGINAL_SIZE);
    assertEquals("kafka-routed.dlq.value.sha256", DeadLetterHeaders.VALUE_SHA256);
    assertEquals("kafka-routed.dlq.replay.count", DeadLetterHeaders.REPLAY_COUNT);
    assertEquals("kafka-routed.idempotency.key", DeadLetterHeaders.IDEMPOTENCY_KEY);
  }

  @Test
  void builderNamesTheMissingRequiredField() {
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> DeadLetter.builder().reason(DeadLetterReason.NO_ROUTE).errorClass("x").batchId(1).failedAtMillis(1).build());
    assertEquals("queryId", e.getMessage());
  }

  @Test
  void toStringShowsNoPayloadBytes() {
    DeadLetter dl = TestDeadLetters.full().value(TestDeadLetters.utf8("secret-card-number")).build();
    String s = dl.toString();
    assertEquals(-1, s.indexOf("secret"), s);
    assertEquals(-1, s.indexOf("order-7"), s);
  }
}
