package io.github.kafkarouted.dlq.writer;

import io.github.kafkarouted.dlq.codec.DeadLetterEncoder;
import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.ReasonCounts;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes dead letters of one Spark task to the DLQ topic of their reason: the topic given for the
 * reason ({@code dlq.topic.<REASON>}), else the default DLQ topic ({@code dlq.topic}). The topic and
 * the send callback of each reason are resolved in the constructor (arrays indexed by the reason's
 * ordinal), so a dead letter costs no lookup or allocation of its own. {@link #write} encodes and sends
 * asynchronously; one shared callback keeps the first send failure, which the next {@link #write}
 * rethrows and {@link #flushAndCheck} (call it before the task commits) surfaces after flushing. Any
 * failure is thrown as a {@link DeadLetterWriteException}, never swallowed, so the task fails and
 * Spark retries it (at-least-once: a retried batch may write a dead letter twice; its {@code
 * kafka-routed.idempotency.key} header identifies the duplicates).
 *
 * <p>The producer is borrowed: {@link #close} does not close it. No retries of our own: the
 * producer retries until {@code delivery.timeout.ms}.
 *
 * <p>Not thread-safe: one writer per task thread (the send callback, on the producer's I/O thread,
 * only touches the failure holder, which is thread-safe). Not serializable.
 */
public final class KafkaDeadLetterWriter implements DeadLetterWriter {

  private static final DeadLetterReason[] REASONS = DeadLetterReason.values();

  private final Producer<byte[], byte[]> producer;
  private final String dlqTopic;
  /** The topic of each reason, by ordinal. */
  private final String[] topicByReason = new String[REASONS.length];
  /** One callback per reason, by ordinal: each knows the topic its dead letters went to. */
  private final Callback[] callbackByReason = new Callback[REASONS.length];
  private final DeadLetterEncoder encoder;
  /** First send failure and its topic; set from the producer's I/O thread or, for some errors, inside send(). */
  private final AtomicReference<Failure> firstFailure = new AtomicReference<>();
  private final ReasonCounts sentByReason = new ReasonCounts();
  private boolean closed;

  /** A failed send: the topic it was for and why. */
  private record Failure(String topic, Exception cause) {}

  /**
   * Writes every dead letter to {@code dlqTopic}.
   *
   * @param producer borrowed byte-array producer for the DLQ; not closed by this writer
   * @param dlqTopic the DLQ topic (its existence is checked once on the driver, not here)
   */
  public KafkaDeadLetterWriter(Producer<byte[], byte[]> producer, String dlqTopic, DeadLetterEncoder encoder) {
    this(producer, dlqTopic, Map.of(), encoder);
  }

  /**
   * @param producer borrowed byte-array producer for the DLQ; not closed by this writer
   * @param dlqTopic the default DLQ topic: dead letters of every reason not in {@code topicsByReason}
   * @param topicsByReason the DLQ topic of some reasons (may be empty); all topics are checked once
   *     on the driver, not here
   */
  public KafkaDeadLetterWriter(
      Producer<byte[], byte[]> producer,
      String dlqTopic,
      Map<DeadLetterReason, String> topicsByReason,
      DeadLetterEncoder encoder) {
    this.producer = Objects.requireNonNull(producer, "producer");
    this.dlqTopic = Objects.requireNonNull(dlqTopic, "dlqTopic");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    Map<DeadLetterReason, String> byReason = new EnumMap<>(DeadLetterReason.class);
    byReason.putAll(Objects.requireNonNull(topicsByReason, "topicsByReason"));
    for (DeadLetterReason reason : REASONS) {
      String topic = byReason.getOrDefault(reason, dlqTopic);
      topicByReason[reason.ordinal()] = Objects.requireNonNull(topic, "topic of " + reason);
      callbackByReason[reason.ordinal()] = (metadata, exception) -> {
        if (exception != null) {
          firstFailure.compareAndSet(null, new Failure(topic, exception));
        }
      };
    }
  }

  /**
   * Encodes and sends one dead letter asynchronously.
   *
   * @throws DeadLetterWriteException if an earlier send failed, this one cannot be encoded within
   *     the DLQ producer's size limit, or the producer rejects it synchronously
   * @throws IllegalStateException if the writer is closed
   */
  @Override
  public void write(DeadLetter deadLetter) {
    if (closed) {
      throw new IllegalStateException("dead-letter writer for DLQ topic '" + dlqTopic + "' is closed");
    }
    checkFailure();
    int reason = deadLetter.reason().ordinal();
    String topic = topicByReason[reason];
    try {
      ProducerRecord<byte[], byte[]> record = encoder.encode(topic, deadLetter);
      producer.send(record, callbackByReason[reason]);
    } catch (RuntimeException e) {
      Failure failure = new Failure(topic, e);
      firstFailure.compareAndSet(null, failure);
      throw failure(failure);
    }
    sentByReason.add(deadLetter.reason());
  }

  /**
   * Flushes the producer, then throws the first failure of any dead letter sent so far. After it
   * returns normally, every dead letter {@link #write} accepted is acknowledged by the broker.
   *
   * @throws DeadLetterWriteException on any failure, including one of flush itself
   */
  @Override
  public void flushAndCheck() {
    checkFailure();
    try {
      producer.flush();
    } catch (RuntimeException e) {
      firstFailure.compareAndSet(null, new Failure(dlqTopic, e));
    }
    checkFailure();
  }

  /** Dead letters handed to the producer so far (acknowledged once {@link #flushAndCheck} returns). */
  @Override
  public long writtenCount() {
    return sentByReason.total();
  }

  /** A snapshot of {@link #writtenCount} per reason; reasons never written are absent. */
  public Map<DeadLetterReason, Long> countsByReason() {
    return sentByReason.nonZero();
  }

  /** The default DLQ topic ({@code dlq.topic}). */
  public String dlqTopic() {
    return dlqTopic;
  }

  /** The topic the dead letters of {@code reason} go to. */
  public String topicOf(DeadLetterReason reason) {
    return topicByReason[reason.ordinal()];
  }

  /**
   * Marks the writer closed; idempotent. Does not flush (the commit path calls {@link
   * #flushAndCheck}; an aborting task has nothing to save) and does not close the borrowed producer.
   */
  @Override
  public void close() {
    closed = true;
  }

  private void checkFailure() {
    Failure failure = firstFailure.get();
    if (failure != null) {
      throw failure(failure);
    }
  }

  private DeadLetterWriteException failure(Failure failure) {
    return new DeadLetterWriteException(
        failure.topic(), sentByReason.total() + " dead letters sent by this task so far", failure.cause());
  }
}
