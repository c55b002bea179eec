/**
 * The DataSource V2 write chain, thin: builder, write, streaming and batch writes, writer factory
 * and the {@code DataWriter} that delegates to the task engine.
 */
package io.github.kafkarouted.connector.write;
