package io.github.kafkarouted.benchmarks.e2e;

import io.github.kafkarouted.it.TempDirectories;
import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saturation throughput: one input topic pre-filled with {@link StampedEvents} (same values as the
 * latency cells, 0.5% invalid), then each sink reads all of it with {@code Trigger.AvailableNow}
 * into fresh output topics. Throughput = input rows / the batches' {@code triggerExecution} time;
 * wall time from {@code start()} is reported beside it. Each round runs every sink once; the last
 * round is the one reported (earlier rounds warm up the JIT, so the first sink is not penalised).
 *
 * <p>Stateless; use from the driver thread.
 */
final class SaturationRun {
  private static final Logger LOG = LoggerFactory.getLogger(SaturationRun.class);

  private SaturationRun() {}

  static List<SaturationResult> run(KafkaTestCluster kafka, SparkSession spark, HarnessSettings settings)
      throws InterruptedException {
    String input = "sat-in-" + settings.saturationRecords();
    kafka.createTopic(input, settings.partitions());
    fill(kafka, input, settings.partitions(), settings.saturationRecords());
    List<SaturationResult> results = new ArrayList<>();
    for (int round = 1; round <= settings.saturationRounds(); round++) {
      for (E2eSink sink : E2eSink.values()) { // the matrix's sinks and the stock sink routing by a topic column
        results.add(runOne(kafka, spark, sink, input, round, settings));
      }
    }
    return results;
  }

  private static SaturationResult runOne(
      KafkaTestCluster kafka, SparkSession spark, E2eSink sink, String input, int round, HarnessSettings settings)
      throws InterruptedException {
    String prefix = "sat" + round + "-" + sink.label();
    SinkQueries.OutputTopics out = SinkQueries.OutputTopics.of(sink, prefix);
    for (String topic : out.all()) {
      kafka.createTopic(topic, settings.partitions());
    }
    String checkpoint = TempDirectories.createDeletedAtExit("kr-sat-cp-").toString();
    long startNanos = System.nanoTime();
    StreamingQuery query;
    try {
      query =
          SinkQueries.start(
              spark, kafka.sparkKafkaOptions(), sink, input, out, prefix.replace('-', '_'), checkpoint,
              w -> w.trigger(Trigger.AvailableNow()));
    } catch (TimeoutException | RuntimeException e) {
      return new SaturationResult(sink.label(), round, "n/a", LatencyCell.firstLine(e), 0, 0, 0, 0, 0, 0);
    }
    boolean ended;
    try {
      ended = query.awaitTermination(Duration.ofMinutes(10).toMillis());
    } catch (org.apache.spark.sql.streaming.StreamingQueryException e) {
      return new SaturationResult(sink.label(), round, "failed", LatencyCell.firstLine(e), 0, 0, 0, 0, 0, 0);
    }
    long wallMillis = (System.nanoTime() - startNanos) / 1_000_000;
    if (!ended) {
      try {
        query.stop();
      } catch (TimeoutException e) {
        LOG.warn("Saturation query {} did not stop", prefix, e);
      }
      return new SaturationResult(sink.label(), round, "failed", "did not end in 10 minutes", 0, 0, 0, wallMillis, 0, 0);
    }
    long rows = 0;
    long batchMillis = 0;
    for (StreamingQueryProgress p : query.recentProgress()) {
      rows += p.numInputRows();
      Long t = p.durationMs().get("triggerExecution");
      if (t != null && p.numInputRows() > 0) {
        batchMillis += t;
      }
    }
    long written = 0;
    for (String topic : out.all()) {
      // A transactional sink's end offsets also count one commit marker per partition per
      // transaction: count its records as a read_committed consumer sees them.
      written += sink == E2eSink.ROUTED_EXACTLY_ONCE ? committedRecords(kafka, topic) : kafka.endOffsetSum(topic);
    }
    SaturationResult result =
        new SaturationResult(
            sink.label(), round, "ok", "", rows, written, batchMillis, wallMillis,
            batchMillis == 0 ? 0 : rows * 1000.0 / batchMillis,
            wallMillis == 0 ? 0 : rows * 1000.0 / wallMillis);
    LOG.info(
        "Saturation {} round {}: {} rows in {} ms of batches ({} rows/s), {} ms wall, {} records written",
        sink.label(), round, rows, batchMillis, Math.round(result.rowsPerSecond()), wallMillis, written);
    return result;
  }

  /** The records of {@code topic} a read_committed consumer reads, counted without keeping them. */
  private static long committedRecords(KafkaTestCluster kafka, String topic) {
    Map<String, Object> config = new HashMap<>(kafka.clientProperties());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // last stable offsets
      long count = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end offsets " + end);
        }
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
      return count;
    }
  }

  /** Writes {@code records} values as fast as the broker takes them (batched, acks=1). */
  private static void fill(KafkaTestCluster kafka, String topic, int partitions, int records) {
    Map<String, Object> config = new HashMap<>(kafka.clientProperties());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "e2e-saturation-fill");
    config.put(ProducerConfig.ACKS_CONFIG, "1");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    long start = System.nanoTime();
    AtomicReference<Exception> error = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      long now = System.currentTimeMillis();
      for (int seq = 0; seq < records && error.get() == null; seq++) {
        producer.send(
            new ProducerRecord<>(
                topic, seq % partitions, now, Integer.toString(seq).getBytes(StandardCharsets.US_ASCII),
                StampedEvents.value(seq, now)),
            (metadata, e) -> {
              if (e != null) {
                error.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (error.get() != null) {
      throw new IllegalStateException("Could not fill " + topic, error.get());
    }
    LOG.info("Filled {} with {} records in {} ms", topic, records, (System.nanoTime() - start) / 1_000_000);
  }
}
