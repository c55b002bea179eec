/**
 * Dead letters in a Delta table: per-task staging files, the idempotent per-batch append, and the
 * facade {@code DeadLetters} (the companion DLQ-topic-to-Delta query, bronze helpers).
 */
package io.github.kafkarouted.dlq.delta;
