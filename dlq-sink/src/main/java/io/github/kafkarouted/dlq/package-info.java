/**
 * The dead-letter model and its codecs: a dead letter, its reasons, the header conventions (ours,
 * Kafka Connect, Kafka Streams, Spring), the JSON envelope, and the encoder and decoder. Plain
 * Java plus kafka-clients (no Spark).
 */
package io.github.kafkarouted.dlq;
