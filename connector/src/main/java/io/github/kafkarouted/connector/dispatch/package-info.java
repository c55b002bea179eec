/**
 * Per-row decisions: validation, routing, record checks, the asynchronous send and what each
 * failure becomes (a dead letter with its reason, or a task failure). Plain Java (no Spark),
 * driven by unit tests with kafka-clients' MockProducer.
 */
package io.github.kafkarouted.connector.dispatch;
