/**
 * The {@code ForeachWriter} front-end (Spark's allowlisted sink for Real-Time Mode), over the same
 * task engine as the DataSource V2 sink.
 */
package io.github.kafkarouted.connector.foreach;
