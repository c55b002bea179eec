/**
 * What the sink learns from the brokers at run time: whether a computed topic can be written
 * ({@code TopicDirectory}, one Admin client per cluster per JVM) and the Admin settings derived
 * from producer settings. Used on executors.
 */
package io.github.kafkarouted.connector.metadata;
