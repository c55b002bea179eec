package io.github.kafkarouted.connector.routing;

/** What happens to a row that no route matched and that has no default topic. */
public enum UnmatchedPolicy {
  /** The task fails with an error naming the options that would have given the row a topic. */
  FAIL,
  /** The row is dropped and counted in the {@code rowsDropped} metric. */
  DROP
}
