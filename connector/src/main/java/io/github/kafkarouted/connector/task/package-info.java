/**
 * The per-task engine shared by both front-ends: evaluates each row with one compiled projection
 * and hands it to the dispatcher; owns the task's producer leases and dead-letter writers.
 * Executor side.
 */
package io.github.kafkarouted.connector.task;
