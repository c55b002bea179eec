/**
 * Offsets: parsing Spark's progress offsets, the Kafka source's options, and the brokers' end
 * offsets read with Admin clients.
 */
package io.github.kafkarouted.lag.offsets;
