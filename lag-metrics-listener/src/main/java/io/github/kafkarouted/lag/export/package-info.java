/**
 * Export backends behind {@code LagExporter}: the Prometheus endpoint and the Spark metrics-system
 * gauges. A new backend is one class here.
 */
package io.github.kafkarouted.lag.export;
