/**
 * The entry points: {@code format("kafka-routed")} ({@link
 * io.github.kafkarouted.connector.KafkaRoutedProvider}, the streaming table) and {@link
 * io.github.kafkarouted.connector.KafkaRouted} (the ForeachWriter for Real-Time Mode, the
 * validator as a SQL function). Driver side; thin: options go to {@code config}, planning to
 * {@code plan}.
 */
package io.github.kafkarouted.connector;
