/**
 * Partition status (OK, lagging, stalled, ...) judged from a window of positions, as Burrow does.
 */
package io.github.kafkarouted.lag.status;
