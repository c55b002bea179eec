package io.github.kafkarouted.lag.model;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Lag of one topic-partition read by one query, at the time of its {@link QueryLagSnapshot}.
 *
 * @param topic the topic
 * @param partition the partition
 * @param consumedOffset the query's position: next offset it will read (the last batch's {@code
 *     endOffset}, or for continuous queries the last committed epoch's offset)
 * @param latestOffset the partition's end offset as last read from the broker (or from progress,
 *     when the broker cannot be reached); empty if never seen
 * @param lagOffsets {@code latestOffset - consumedOffset}, at least 0; empty if no end offset is known
 * @param lagSeconds estimated age of the oldest unconsumed record, interpolated from samples of
 *     (latest offset, time); empty until two samples allow an estimate
 * @param status Burrow-style status
 * @param livePosition whether {@code consumedOffset} comes from the executors' Kafka consumers
 *     (Real-Time Mode with the plugin) rather than from the last batch
 * @param earliestOffset the partition's earliest retained offset as last read from the broker
 * @param consumeRate offsets the query read per second over the trend window
 * @param produceRate offsets appended per second over the trend window
 * @param lagVelocity change of lag in offsets per second over the trend window (positive: falling
 *     behind)
 * @param catchUpSeconds estimated seconds until the lag is gone at the window's rates; 0 without
 *     lag, {@code +Infinity} when it does not shrink
 * @param retentionMargin {@code (position - earliest) / (end - earliest)}: 1 when caught up, near 0
 *     when the next deletion of a segment loses unread records
 * @param retentionStatus retention risk of the position
 */
public record PartitionLag(
    String topic,
    int partition,
    long consumedOffset,
    OptionalLong latestOffset,
    OptionalLong lagOffsets,
    OptionalDouble lagSeconds,
    PartitionStatus status,
    boolean livePosition,
    OptionalLong earliestOffset,
    OptionalDouble consumeRate,
    OptionalDouble produceRate,
    OptionalDouble lagVelocity,
    OptionalDouble catchUpSeconds,
    OptionalDouble retentionMargin,
    RetentionStatus retentionStatus) {

  /** A row without trends or retention data (nothing known about them yet). */
  public PartitionLag(
      String topic,
      int partition,
      long consumedOffset,
      OptionalLong latestOffset,
      OptionalLong lagOffsets,
      OptionalDouble lagSeconds,
      PartitionStatus status) {
    this(
        topic,
        partition,
        consumedOffset,
        latestOffset,
        lagOffsets,
        lagSeconds,
        status,
        false,
        OptionalLong.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        RetentionStatus.UNKNOWN);
  }
}
