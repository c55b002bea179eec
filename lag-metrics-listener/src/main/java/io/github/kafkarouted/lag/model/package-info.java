/**
 * Lag as it is exported: per-partition lag, a query's snapshot and the partition status. Immutable
 * values.
 */
package io.github.kafkarouted.lag.model;
