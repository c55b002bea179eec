/**
 * The {@code kafka-dead-letters} read format: Spark's Kafka source with each record decoded into
 * typed dead-letter columns.
 */
package io.github.kafkarouted.dlq.read;
