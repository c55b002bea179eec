package io.github.kafkarouted.lag.status;

/**
 * One observation of a partition's position, Burrow's "offset commit": the query's position
 * (next offset to read), the lag in offsets at that moment ({@code -1} if no end offset was
 * known) and when it was observed.
 */
public record PositionObservation(long position, long lag, long timeMillis) {}
