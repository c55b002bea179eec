package io.github.kafkarouted.dlq.model;

/**
 * Says that a dead letter's value was cut to fit the DLQ producer's {@code max.request.size}: the
 * size and SHA-256 (lower-case hex) of the full original value, so an operator can match it with the
 * source record. A truncated dead letter must not be replayed as is. Immutable.
 */
public record ValueTruncation(long originalSize, String sha256Hex) {}
