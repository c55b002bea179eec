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
 */
public record PartitionLag(
    String topic,
    int partition,
    long consumedOffset,
    OptionalLong latestOffset,
    OptionalLong lagOffsets,
    OptionalDouble lagSeconds,
    PartitionStatus status) {}
