/**
 * Replay (redrive): the filter, the ledger of what was sent, the batch job and its command line
 * ({@code Replay}).
 */
package io.github.kafkarouted.dlq.replay;
