package io.github.kafkarouted.dlq.replay;

/**
 * What a replay did (or, for a dry run, would do).
 *
 * @param selected dead letters matching the filter
 * @param recordsSent records sent (or that a dry run would send): one per intended topic, or one
 *     per dead letter when replaying to a given topic
 * @param skippedMaxReplays selected dead letters already replayed {@code maxReplays} times
 * @param skippedUnreplayable selected dead letters that cannot be replayed as they are: a value cut
 *     to fit the DLQ, a record that could not be decoded, or no intended topic (e.g. NO_ROUTE) when
 *     replaying to the original targets
 * @param skippedAlreadyReplayed selected dead letters that the ledger says an earlier run sent
 * @param dryRun true when nothing was sent
 */
public record ReplayResult(
    long selected,
    long recordsSent,
    long skippedMaxReplays,
    long skippedUnreplayable,
    long skippedAlreadyReplayed,
    boolean dryRun) {

  /** A result of a replay without a ledger (nothing skipped as already replayed). */
  public ReplayResult(
      long selected, long recordsSent, long skippedMaxReplays, long skippedUnreplayable, boolean dryRun) {
    this(selected, recordsSent, skippedMaxReplays, skippedUnreplayable, 0, dryRun);
  }

  @Override
  public String toString() {
    return (dryRun ? "dry run: " : "")
        + "selected " + selected + " dead letters; " + (dryRun ? "would send " : "sent ") + recordsSent
        + " records; skipped " + skippedMaxReplays + " at the maximum replay count and "
        + skippedUnreplayable + " that cannot be replayed (value cut, not decodable, or no intended topic)"
        + (skippedAlreadyReplayed > 0 ? "; skipped " + skippedAlreadyReplayed + " that the ledger says were replayed already" : "");
  }
}
