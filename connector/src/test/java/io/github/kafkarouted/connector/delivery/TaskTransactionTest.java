package io.github.kafkarouted.connector.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The task's side of exactly-once against kafka-clients' MockProducer, which keeps the transaction
 * state machine: what is sent and committed, the marker joining the transaction, the skip of a
 * committed batch and its row check. The broker side (fencing, read_committed) is proven against a
 * real broker by ExactlyOnceReplayIntegrationTest and ExactlyOnceIntegrationTest.
 */
class TaskTransactionTest {

  private static final ExactlyOnce WRITE = new ExactlyOnce("kafka-routed", "markers", "q1", true);
  private static final String SLOT = ExactlyOnce.sourceSlot("events", 3);

  /** The producer of the last {@link #open}: one per task attempt, as in a task. */
  private MockProducer<byte[], byte[]> producer;
  private final Map<String, Object> configSeen = new HashMap<>();

  private TaskTransaction open(long batch, long firstOffset, CommitMarker committed) {
    producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    return TaskTransaction.open(
        WRITE,
        SLOT,
        firstOffset,
        batch,
        Map.of("bootstrap.servers", "b:9092"),
        config -> {
          configSeen.putAll(config);
          return producer;
        },
        (write, slot) -> {
          assertEquals(WRITE, write);
          assertEquals(SLOT, slot);
          return committed;
        });
  }

  @Test
  void aTaskSendsInItsTransactionAndCommitsItsMarkerWithIt() {
    TaskTransaction tx = open(7, 500, new CommitMarker(6, 400, 10, 1));
    assertEquals("kafka-routed-q1-events-3", configSeen.get("transactional.id"));
    assertEquals("true", configSeen.get("enable.idempotence"));
    assertTrue(producer.transactionInitialized() && producer.transactionInFlight());
    assertFalse(tx.alreadyCommitted());
    tx.producer().send(new ProducerRecord<>("out", bytes("v")));
    tx.recordRow(bytes("k"), bytes("v"));
    tx.commit();
    assertTrue(producer.transactionCommitted());
    assertEquals(1, producer.history().size());
    List<Map<String, Map<TopicPartition, OffsetAndMetadata>>> offsets = producer.consumerGroupOffsetsHistory();
    OffsetAndMetadata marker = offsets.get(0).get("kafka-routed-q1-events-3").get(new TopicPartition("markers", 0));
    assertEquals(new CommitMarker(7, 500, 1, CommitMarkerTest.fingerprintOf("k", "v")), CommitMarker.parse(marker.metadata()));
    tx.close();
    assertTrue(producer.closed());
  }

  @Test
  void aBatchCommittedByAnEarlierAttemptIsNotWrittenAgainButItsRowsAreChecked() {
    long rows = CommitMarkerTest.fingerprintOf("k", "v");
    TaskTransaction tx = open(7, 500, new CommitMarker(7, 500, 1, rows));
    assertTrue(tx.alreadyCommitted());
    assertFalse(producer.transactionInFlight(), "no transaction begun");
    tx.recordRow(bytes("k"), bytes("v"));
    tx.commit();
    assertFalse(producer.transactionCommitted());
    assertTrue(producer.consumerGroupOffsetsHistory().isEmpty());
    tx.close();

    TaskTransaction changed = open(7, 500, new CommitMarker(7, 500, 1, rows));
    changed.recordRow(bytes("k"), bytes("other"));
    IllegalStateException e = assertThrows(IllegalStateException.class, changed::commit);
    assertTrue(e.getMessage().contains("events-3 of batch 7") && e.getMessage().contains("same rows"), e.getMessage());
  }

  @Test
  void aMarkerOfThisBatchFromAnotherFirstOffsetMeansTheSourceSplitThePartition() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(7, 900, new CommitMarker(7, 500, 1, 1)));
    assertTrue(e.getMessage().contains("minPartitions"), e.getMessage());
    assertTrue(producer.closed(), "the producer is not leaked");
  }

  @Test
  void aMarkerOfALaterBatchMeansAnotherWriteUsesTheseIds() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> open(2, 0, new CommitMarker(9, 0, 1, 1)));
    assertTrue(e.getMessage().contains("delivery.transactionalIdPrefix"), e.getMessage());
    assertTrue(producer.closed(), "the producer is not leaked");
  }

  @Test
  void aFailedTaskAbortsAndAFencedCommitFailsTheTaskNamingTheTimeout() {
    TaskTransaction tx = open(1, 0, null);
    tx.producer().send(new ProducerRecord<>("out", bytes("v")));
    tx.abort();
    assertTrue(producer.transactionAborted());
    tx.close();

    TaskTransaction zombie = open(1, 0, null);
    producer.fenceProducer();
    KafkaException e = assertThrows(KafkaException.class, zombie::commit);
    assertTrue(e.getMessage().contains("transaction.timeout.ms"), e.getMessage());
    zombie.close();
  }

  @Test
  void theWriteIdMustBeResolvedOnTheDriver() {
    assertThrows(IllegalStateException.class, () -> new ExactlyOnce("p", "m", null, true).transactionalId("t-0"));
    assertNull(DeliveryGuarantee.fromOption("twice"));
    assertEquals(DeliveryGuarantee.EXACTLY_ONCE, DeliveryGuarantee.fromOption(" Exactly-Once "));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
