/**
 * The dead letter and its vocabulary: {@code DeadLetter} (the original record plus why and where it
 * failed), its reasons, the header names (ours, Kafka Connect, Kafka Streams, Spring) and the
 * idempotency key, the format and header-style options, and what a decoded dead letter carries.
 * Plain Java plus kafka-clients (no Spark); depends on no other package of the module.
 */
package io.github.kafkarouted.dlq.model;
