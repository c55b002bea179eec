/**
 * The lag service: the settings, the tracker of queries and partitions fed by progress events and
 * broker polling, the poller thread and the per-application registry.
 */
package io.github.kafkarouted.lag.tracking;
