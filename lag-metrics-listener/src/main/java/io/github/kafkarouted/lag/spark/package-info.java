/**
 * Adapters to Spark: its events, its configuration and the running queries' internals (sources,
 * trigger, committed offsets).
 */
package io.github.kafkarouted.lag.spark;
