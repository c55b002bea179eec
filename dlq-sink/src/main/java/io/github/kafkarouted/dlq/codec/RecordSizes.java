package io.github.kafkarouted.dlq.codec;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;

/**
 * The serialized-size estimate {@code KafkaProducer.send} compares with {@code max.request.size}
 * before it fails a record with {@code RecordTooLargeException}: the upper bound of a one-record
 * batch of the current magic (v2). For magic v2 the compression type does not change the estimate,
 * so this is exact for any producer compression setting. Stateless, thread-safe.
 */
public final class RecordSizes {
  private static final Header[] NO_HEADERS = new Header[0];

  private RecordSizes() {}

  /** The producer's size estimate of a byte-array record, in bytes. */
  public static int estimatedSize(ProducerRecord<byte[], byte[]> record) {
    return estimatedSize(record.key(), record.value(), record.headers().toArray());
  }

  /** The producer's size estimate of a record with this key, value and headers (each may be null). */
  public static int estimatedSize(byte[] key, byte[] value, Header[] headers) {
    return AbstractRecords.estimateSizeInBytesUpperBound(
        RecordBatch.CURRENT_MAGIC_VALUE,
        CompressionType.NONE,
        key,
        value,
        headers == null ? NO_HEADERS : headers);
  }

  /**
   * A bound on {@link #estimatedSize} that costs a few additions: a batch header, a record's
   * fixed fields with the widest varints, and 3 bytes per character of each header key (the most
   * UTF-8 needs). Records under a limit by this bound need no exact estimate (which encodes every
   * header key to count its bytes, and which the producer repeats in {@code send}).
   */
  public static long quickUpperBound(byte[] key, byte[] value, Header[] headers) {
    long size = 128 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    if (headers != null) {
      for (Header h : headers) {
        size += 16 + 3L * h.key().length() + (h.value() == null ? 0 : h.value().length);
      }
    }
    return size;
  }

  /** True when the producer would accept the record under this {@code max.request.size}. */
  public static boolean fits(ProducerRecord<byte[], byte[]> record, int maxRequestSize) {
    return estimatedSize(record) <= maxRequestSize;
  }
}
