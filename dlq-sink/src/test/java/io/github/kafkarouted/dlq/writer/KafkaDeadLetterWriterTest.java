package io.github.kafkarouted.dlq.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.dlq.codec.DeadLetterEncoder;
import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaDeadLetterWriterTest {

  private static final String DLQ = "orders-dlq";

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, new ByteArraySerializer(), new ByteArraySerializer());
  private final DeadLetterEncoder encoder =
      new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false, 64 * 1024);
  private final KafkaDeadLetterWriter writer = new KafkaDeadLetterWriter(producer, DLQ, encoder);

  private static DeadLetter deadLetter(DeadLetterReason reason, long offset) {
    return DeadLetter.builder()
        .key("k".getBytes(StandardCharsets.UTF_8))
        .value("v".getBytes(StandardCharsets.UTF_8))
        .reason(reason)
        .errorClass("x.Error")
        .sourceTopic("in").sourcePartition(0).sourceOffset(offset)
        .queryId("q").batchId(3).failedAtMillis(1000)
        .build();
  }

  @Test
  void writesEncodedRecordsAndCountsThemPerReason() {
    writer.write(deadLetter(DeadLetterReason.NO_ROUTE, 1));
    writer.write(deadLetter(DeadLetterReason.NO_ROUTE, 2));
    writer.write(deadLetter(DeadLetterReason.RECORD_TOO_LARGE, 3));
    writer.flushAndCheck();

    assertEquals(3, producer.history().size());
    assertEquals(DLQ, producer.history().get(0).topic());
    assertEquals("NO_ROUTE", new String(
        producer.history().get(0).headers().lastHeader("kafka-routed.dlq.reason").value(), StandardCharsets.UTF_8));
    assertEquals(3, writer.writtenCount());
    assertEquals(Map.of(DeadLetterReason.NO_ROUTE, 2L, DeadLetterReason.RECORD_TOO_LARGE, 1L),
        writer.countsByReason());
  }

  @Test
  void eachDeadLetterGoesToItsReasonsTopicOthersToTheDefault() {
    KafkaDeadLetterWriter perReason =
        new KafkaDeadLetterWriter(
            producer,
            DLQ,
            Map.of(DeadLetterReason.RECORD_TOO_LARGE, "orders-oversize", DeadLetterReason.SCHEMA_INVALID, "orders-invalid"),
            encoder);
    perReason.write(deadLetter(DeadLetterReason.SCHEMA_INVALID, 1));
    perReason.write(deadLetter(DeadLetterReason.NO_ROUTE, 2));
    perReason.write(deadLetter(DeadLetterReason.RECORD_TOO_LARGE, 3));
    perReason.write(deadLetter(DeadLetterReason.SCHEMA_INVALID, 4));
    perReason.flushAndCheck();

    assertEquals(
        List.of("orders-invalid", DLQ, "orders-oversize", "orders-invalid"),
        producer.history().stream().map(r -> r.topic()).toList());
    assertEquals(
        List.of("SCHEMA_INVALID", "NO_ROUTE", "RECORD_TOO_LARGE", "SCHEMA_INVALID"),
        producer.history().stream()
            .map(r -> new String(r.headers().lastHeader("kafka-routed.dlq.reason").value(), StandardCharsets.UTF_8))
            .toList());
    assertEquals("orders-oversize", perReason.topicOf(DeadLetterReason.RECORD_TOO_LARGE));
    assertEquals(DLQ, perReason.topicOf(DeadLetterReason.TOPIC_NOT_FOUND));
    assertEquals(DLQ, perReason.dlqTopic());
    assertEquals(4, perReason.writtenCount());
  }

  @Test
  void anAsyncFailureNamesTheTopicOfTheDeadLetterThatFailed() {
    KafkaDeadLetterWriter perReason =
        new KafkaDeadLetterWriter(producer, DLQ, Map.of(DeadLetterReason.RECORD_TOO_LARGE, "orders-oversize"), encoder);
    perReason.write(deadLetter(DeadLetterReason.RECORD_TOO_LARGE, 1));
    assertTrue(producer.errorNext(new TopicAuthorizationException("not allowed")));

    DeadLetterWriteException e = assertThrows(DeadLetterWriteException.class, perReason::flushAndCheck);
    assertEquals("orders-oversize", e.dlqTopic());
  }

  @Test
  void anAsyncFailureIsRethrownByTheNextWrite() {
    writer.write(deadLetter(DeadLetterReason.NO_ROUTE, 1));
    TopicAuthorizationException cause = new TopicAuthorizationException("not allowed");
    assertTrue(producer.errorNext(cause));

    DeadLetterWriteException e =
        assertThrows(DeadLetterWriteException.class, () -> writer.write(deadLetter(DeadLetterReason.NO_ROUTE, 2)));
    assertSame(cause, e.getCause());
    assertEquals(DLQ, e.dlqTopic());
    assertEquals("Failed to write a dead letter to DLQ topic 'orders-dlq' (1 dead letters sent by this task so far): "
        + "org.apache.kafka.common.errors.TopicAuthorizationException: not allowed. "
        + "Failing the task so Spark retries it and no row is lost.", e.getMessage());
    assertEquals(1, producer.history().size(), "nothing is sent after a failure");
  }

  @Test
  void flushAndCheckSurfacesAFailureAfterFlushing() {
    writer.write(deadLetter(DeadLetterReason.SEND_FAILED, 1));
    writer.write(deadLetter(DeadLetterReason.SEND_FAILED, 2));
    RuntimeException first = new RuntimeException("first");
    producer.errorNext(first);
    producer.errorNext(new RuntimeException("second"));

    DeadLetterWriteException e = assertThrows(DeadLetterWriteException.class, writer::flushAndCheck);
    assertSame(first, e.getCause(), "the first failure is kept");
    // It stays failed: a later commit attempt must not succeed.
    assertThrows(DeadLetterWriteException.class, writer::flushAndCheck);
  }

  @Test
  void aFailureCompletedDuringFlushIsSurfaced() {
    MockProducer<byte[], byte[]> failing =
        new MockProducer<>(false, new ByteArraySerializer(), new ByteArraySerializer()) {
          @Override
          public synchronized void flush() {
            errorNext(new RuntimeException("broker gone"));
          }
        };
    KafkaDeadLetterWriter w = new KafkaDeadLetterWriter(failing, DLQ, encoder);
    w.write(deadLetter(DeadLetterReason.NO_ROUTE, 1));
    DeadLetterWriteException e = assertThrows(DeadLetterWriteException.class, w::flushAndCheck);
    assertEquals("broker gone", e.getCause().getMessage());
  }

  @Test
  void aSynchronousSendFailureIsThrownAndKept() {
    RuntimeException sendError = new IllegalStateException("producer closed");
    producer.sendException = sendError;
    DeadLetterWriteException e =
        assertThrows(DeadLetterWriteException.class, () -> writer.write(deadLetter(DeadLetterReason.NO_ROUTE, 1)));
    assertSame(sendError, e.getCause());
    assertEquals(0, writer.writtenCount());
    producer.sendException = null;
    assertThrows(DeadLetterWriteException.class, writer::flushAndCheck);
  }

  @Test
  void aFlushFailureIsThrown() {
    writer.write(deadLetter(DeadLetterReason.NO_ROUTE, 1));
    producer.flushException = new RuntimeException("interrupted");
    DeadLetterWriteException e = assertThrows(DeadLetterWriteException.class, writer::flushAndCheck);
    assertEquals("interrupted", e.getCause().getMessage());
  }

  @Test
  void aDeadLetterWithAKeyTooLargeForTheDlqIsStillWrittenWithAKeyPrefix() {
    DeadLetter huge = deadLetter(DeadLetterReason.RECORD_TOO_LARGE, 1).toBuilder().key(new byte[100_000]).build();
    writer.write(huge);
    writer.flushAndCheck();
    assertEquals(1, producer.history().size());
    assertTrue(producer.history().get(0).key().length < 100_000);
  }

  @Test
  void closeLeavesTheBorrowedProducerOpenAndRefusesFurtherWrites() {
    writer.write(deadLetter(DeadLetterReason.NO_ROUTE, 1));
    writer.flushAndCheck();
    writer.close();
    writer.close();
    assertFalse(producer.closed());
    assertThrows(IllegalStateException.class, () -> writer.write(deadLetter(DeadLetterReason.NO_ROUTE, 2)));
  }
}
