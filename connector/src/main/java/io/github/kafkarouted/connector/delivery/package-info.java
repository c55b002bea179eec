/**
 * Exactly-once delivery ({@code delivery.guarantee=exactly-once}): each task writes its records and
 * dead letters in one Kafka transaction with a transactional id stable for its (query, Spark
 * partition), so a newer attempt fences an older one, and commits with it a marker "(write,
 * partition) committed batch N" kept as the offset of a consumer group of its own (in the same
 * transaction). A replayed batch's task that finds its marker writes nothing. Plain Java (Kafka
 * clients only): the task and the driver supply the producers and Admin clients.
 */
package io.github.kafkarouted.connector.delivery;
