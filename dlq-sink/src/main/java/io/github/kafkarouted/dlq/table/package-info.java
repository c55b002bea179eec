/**
 * The dead-letter columns, declared once, shared by the read format, the Delta table and replay.
 */
package io.github.kafkarouted.dlq.table;
