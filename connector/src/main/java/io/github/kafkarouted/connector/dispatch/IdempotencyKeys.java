package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Builds the {@link DeadLetterHeaders#IDEMPOTENCY_KEY} header of each record ({@code
 * <sourceTopic>-<partition>-<offset>:<route>}) straight into its bytes: the route parts are encoded
 * once, the source topic's bytes are kept while it stays the same, so a record costs its header's
 * byte array and nothing else. One per dispatcher; not thread-safe.
 */
final class IdempotencyKeys {

  /** ":" and the route's label, UTF-8, per route index (the default route last). */
  private final byte[][] routeSuffixes;
  private String lastTopic;
  private byte[] lastTopicBytes;
  private byte[] scratch = new byte[128];

  IdempotencyKeys(RouteTable routes) {
    routeSuffixes = new byte[routes.routeCount() + 1][];
    for (int i = 0; i < routeSuffixes.length; i++) {
      routeSuffixes[i] = (":" + routes.label(i)).getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The header for {@code row}'s record of route {@code route}, or null if the row cannot be keyed. */
  RecordHeader header(RowRecord row, int route) {
    String topic = row.sourceTopic();
    Integer partition = row.sourcePartition();
    Long offset = row.sourceOffset();
    if (!DeadLetterHeaders.canKey(topic, partition, offset)) {
      return null;
    }
    if (!topic.equals(lastTopic)) {
      lastTopic = topic;
      lastTopicBytes = topic.getBytes(StandardCharsets.UTF_8);
    }
    byte[] suffix = routeSuffixes[route];
    int length = lastTopicBytes.length + 1 + 10 + 1 + 19 + suffix.length;
    if (scratch.length < length) {
      scratch = new byte[length];
    }
    System.arraycopy(lastTopicBytes, 0, scratch, 0, lastTopicBytes.length);
    int p = lastTopicBytes.length;
    scratch[p++] = '-';
    p = writeDecimal(partition, scratch, p);
    scratch[p++] = '-';
    p = writeDecimal(offset, scratch, p);
    System.arraycopy(suffix, 0, scratch, p, suffix.length);
    return new RecordHeader(DeadLetterHeaders.IDEMPOTENCY_KEY, Arrays.copyOf(scratch, p + suffix.length));
  }

  /** Writes non-negative {@code value} in decimal at {@code p}; returns the position after it. */
  private static int writeDecimal(long value, byte[] out, int p) {
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    int end = p + digits;
    for (int i = end - 1; i >= p; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return end;
  }
}
