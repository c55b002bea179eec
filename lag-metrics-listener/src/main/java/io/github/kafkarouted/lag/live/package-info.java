/**
 * Live positions from the executors: what each executor JVM's Kafka consumers report about the
 * partitions they read ({@code consumer-fetch-manager-metrics} over JMX), sampled on the executor
 * and sent to the driver through Spark's plugin messaging. Plain Java and JMX: no Spark types.
 */
package io.github.kafkarouted.lag.live;
