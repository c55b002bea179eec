/**
 * The per-executor producer pool: one producer per distinct configuration, leased by tasks,
 * evicted when idle.
 */
package io.github.kafkarouted.connector.producer;
