/**
 * Where dead letters are written: the writer interface, the Kafka writer (flush and check before a
 * task commits) and the fan-out to several writers. Plain Java (no Spark).
 */
package io.github.kafkarouted.dlq.writer;
