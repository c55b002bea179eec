package io.github.kafkarouted.connector.delivery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka transaction of one task attempt under {@code delivery.guarantee=exactly-once}.
 *
 * <p>{@link #open}, at the task's first row: a producer of its own with the stable transactional
 * id of the task's slot ({@link ExactlyOnce}); {@code initTransactions()} fences every older
 * attempt at the slot (their sends and commits fail from then on) and completes or aborts whatever
 * transaction they left; then the slot's commit marker is read. If it says this batch is committed (an earlier attempt committed, and the
 * task or the driver died before Spark recorded it), the attempt {@link #alreadyCommitted() writes
 * nothing}; otherwise a transaction begins, and the task sends its records and dead letters in it.
 *
 * <p>{@link #commit}: the marker "committed batch N, these rows" joins the transaction as a
 * consumer-group offset, and the transaction commits: records, dead letters and marker become
 * visible to {@code read_committed} consumers together, or none of them. A task that fails before
 * aborts ({@link #abort}, {@link #close}); its records are never visible.
 *
 * <p>One per task attempt, on the task thread; not thread-safe.
 */
public final class TaskTransaction implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaskTransaction.class);

  private enum State { OPEN, SKIPPING, COMMITTED, ABORTED }

  private final ExactlyOnce write;
  private final String slot;
  private final long firstOffset;
  private final long batchId;
  private final Producer<byte[], byte[]> producer;
  private final CommitMarker committedBefore;
  private final RowFingerprint fingerprint = new RowFingerprint();
  private State state;

  private TaskTransaction(
      ExactlyOnce write,
      String slot,
      long firstOffset,
      long batchId,
      Producer<byte[], byte[]> producer,
      CommitMarker committedBefore) {
    this.write = write;
    this.slot = slot;
    this.firstOffset = firstOffset;
    this.batchId = batchId;
    this.producer = producer;
    this.committedBefore = committedBefore;
    this.state = committedBefore != null ? State.SKIPPING : State.OPEN;
  }

  /**
   * Opens the transaction of {@code slot} in batch {@code batchId}.
   *
   * @param firstOffset the source offset of the task's first row (-1 without one): a marker of this
   *     batch with another first offset is another task's rows (the source split a partition)
   * @param producerConfig the route producer's configuration (login included); the transactional
   *     id and idempotence are added here
   * @param producers creates the producer (serializers are the caller's)
   * @throws IllegalStateException if the marker names a later batch than this one (another write
   *     uses the same transactional ids), or this batch with other rows
   */
  public static TaskTransaction open(
      ExactlyOnce write,
      String slot,
      long firstOffset,
      long batchId,
      Map<String, Object> producerConfig,
      Function<Map<String, Object>, Producer<byte[], byte[]>> producers,
      CommitMarkers markers) {
    Map<String, Object> config = new HashMap<>(producerConfig);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, write.transactionalId(slot));
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    Producer<byte[], byte[]> producer = producers.apply(config);
    try {
      producer.initTransactions();
      CommitMarker marker = markers.read(write, slot);
      if (marker != null && marker.batchId() > batchId) {
        throw new IllegalStateException(
            "delivery.guarantee=exactly-once: " + slot + " already committed batch " + marker.batchId()
                + ", later than batch " + batchId + " being written now (transactional id "
                + write.transactionalId(slot) + "). Was the checkpoint replaced or rolled back? Give"
                + " this write a new delivery.transactionalIdPrefix.");
      }
      boolean committed = marker != null && marker.batchId() == batchId;
      if (committed && marker.firstOffset() != firstOffset) {
        throw new IllegalStateException(
            "delivery.guarantee=exactly-once: " + slot + " of batch " + batchId + " was committed from"
                + " offset " + marker.firstOffset() + ", and this task's rows start at offset " + firstOffset
                + ": more than one task writes the rows of one Kafka partition in a batch. Remove the Kafka"
                + " source's minPartitions and maxRecordsPerPartition options, and any repartitioning before the sink.");
      }
      if (committed) {
        LOG.info(
            "{} of batch {} was committed by an earlier attempt ({} rows): writing nothing",
            slot, batchId, marker.rows());
      } else {
        producer.beginTransaction();
      }
      return new TaskTransaction(write, slot, firstOffset, batchId, producer, committed ? marker : null);
    } catch (RuntimeException e) {
      closeQuietly(producer, e);
      throw e;
    }
  }

  /** Whether an earlier attempt committed this batch's partition: then nothing is sent. */
  public boolean alreadyCommitted() {
    return committedBefore != null;
  }

  /** The transactional producer for records and dead letters; only while the transaction is open. */
  public Producer<byte[], byte[]> producer() {
    return producer;
  }

  /** Counts one input row (its record key and value) into the fingerprint. No allocation. */
  public void recordRow(byte[] key, byte[] value) {
    fingerprint.add(key, value);
  }

  /**
   * Commits the transaction with its marker (every record must have been acknowledged: the
   * caller flushed). For an attempt that wrote nothing, checks that its rows are the committed ones.
   *
   * @throws IllegalStateException if a replayed partition holds other rows than the committed one
   * @throws KafkaException if the transaction cannot commit (fenced by a newer attempt, or aborted
   *     by the coordinator after {@code transaction.timeout.ms}); the task then fails and is retried
   */
  public void commit() {
    if (state == State.SKIPPING) {
      state = State.COMMITTED;
      if (!committedBefore.sameRows(fingerprint.rows(), fingerprint.value())) {
        throw new IllegalStateException(
            "delivery.guarantee=exactly-once: " + slot + " of batch " + batchId
                + " now holds " + fingerprint.rows() + " rows (fingerprint " + Long.toHexString(fingerprint.value())
                + "), but the attempt that committed it wrote " + committedBefore.rows() + " (fingerprint "
                + Long.toHexString(committedBefore.fingerprint()) + "). Exactly-once needs each batch's"
                + " partition to hold the same rows when it is replayed: no shuffle or non-deterministic"
                + " expression before the sink, and the Kafka source's offsets as planned.");
      }
      return;
    }
    if (state != State.OPEN) {
      throw new IllegalStateException("transaction " + state);
    }
    CommitMarker marker = new CommitMarker(batchId, firstOffset, fingerprint.rows(), fingerprint.value());
    try {
      producer.sendOffsetsToTransaction(
          Map.of(new TopicPartition(write.markerTopic(), 0), new OffsetAndMetadata(0L, marker.toMetadata())),
          new ConsumerGroupMetadata(write.markerGroup(slot)));
      producer.commitTransaction();
      state = State.COMMITTED;
    } catch (KafkaException e) {
      throw new KafkaException(
          "The transaction of " + slot + " in batch " + batchId + " (transactional id "
              + write.transactionalId(slot) + ") did not commit: a newer attempt fenced it, or it"
              + " was open longer than transaction.timeout.ms (kafka.transaction.timeout.ms, at most"
              + " the brokers' transaction.max.timeout.ms) and the brokers aborted it; then raise it"
              + " or make batches smaller. Nothing of it is visible to read_committed consumers.",
          e);
    }
  }

  /** Aborts an open transaction (the task failed); its records are never visible. Never throws. */
  public void abort() {
    if (state != State.OPEN) {
      return;
    }
    state = State.ABORTED;
    try {
      producer.abortTransaction();
    } catch (KafkaException e) {
      // Fenced or broken: the next attempt's initTransactions() aborts it, or the coordinator's timeout.
      LOG.warn("Aborting the transaction of {} in batch {} failed: {}", slot, batchId, e.toString());
    }
  }

  /** Aborts what is still open and closes the producer. */
  @Override
  public void close() {
    abort();
    closeQuietly(producer, null);
  }

  private static void closeQuietly(Producer<byte[], byte[]> producer, RuntimeException primary) {
    try {
      producer.close(Duration.ofSeconds(5));
    } catch (RuntimeException e) {
      if (primary != null) {
        primary.addSuppressed(e);
      } else {
        LOG.warn("Closing a transactional producer failed", e);
      }
    }
  }
}
