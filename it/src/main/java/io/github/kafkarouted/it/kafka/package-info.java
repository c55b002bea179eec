/**
 * Real Kafka for tests and the demo: a KRaft broker in its own JVM from Maven jars ({@code
 * LocalKafkaBroker}), an external cluster, and the client-side helpers tests use to produce and
 * consume.
 */
package io.github.kafkarouted.it.kafka;
