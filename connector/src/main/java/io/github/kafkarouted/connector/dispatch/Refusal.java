package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.dlq.model.DeadLetterReason;

/**
 * Why a record cannot be sent: the dead-letter reason it becomes and the message it carries. Made
 * only on the failure path.
 */
public record Refusal(DeadLetterReason reason, String message) {}
