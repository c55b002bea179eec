/**
 * Driver-side planning: turns the parsed options and the input schema into the serializable {@code
 * WriterSpec} executors get (route expressions resolved by Spark's analyser), and the start-time
 * checks against the brokers and the query's own plan.
 */
package io.github.kafkarouted.connector.plan;
