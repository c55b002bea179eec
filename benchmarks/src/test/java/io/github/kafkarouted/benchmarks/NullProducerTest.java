package io.github.kafkarouted.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

class NullProducerTest {

  @Test
  void sendCompletesTheCallbackOnTheCallingThreadWithSuccess() throws Exception {
    NullProducer producer = new NullProducer();
    List<Exception> errors = new ArrayList<>();
    List<RecordMetadata> acks = new ArrayList<>();
    Thread caller = Thread.currentThread();
    List<Thread> callbackThreads = new ArrayList<>();

    Future<RecordMetadata> future =
        producer.send(
            new ProducerRecord<>("t", "v".getBytes(StandardCharsets.UTF_8)),
            (metadata, exception) -> {
              acks.add(metadata);
              errors.add(exception);
              callbackThreads.add(Thread.currentThread());
            });

    assertEquals(1, acks.size());
    assertNull(errors.get(0));
    assertEquals(NullProducer.METADATA_TOPIC, acks.get(0).topic());
    assertSame(caller, callbackThreads.get(0));
    assertTrue(future.isDone());
    assertSame(acks.get(0), future.get());
  }

  @Test
  void countsRecordsAndValueBytes() {
    NullProducer producer = new NullProducer();
    producer.send(new ProducerRecord<>("t", new byte[10]));
    producer.send(new ProducerRecord<>("t", new byte[5]), (m, e) -> {});
    producer.send(new ProducerRecord<>("t", null), null);

    assertEquals(3, producer.records());
    assertEquals(15, producer.valueBytes());
  }

  @Test
  void everyTopicHasTheConfiguredPartitions() {
    assertEquals(4, new NullProducer(4).partitionsFor("any").size());
    assertEquals(1, new NullProducer().partitionsFor("other").size());
    assertThrows(IllegalArgumentException.class, () -> new NullProducer(0));
  }

  @Test
  void refusesTransactions() {
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, () -> new NullProducer().initTransactions());
    assertEquals("NullProducer does not support transactions", e.getMessage());
  }
}
