package io.github.kafkarouted.connector.delivery;

/** Reads the commit marker of one slot of a write, as committed (read_committed). */
@FunctionalInterface
public interface CommitMarkers {

  /** The marker last committed for {@code slot} of {@code write}, or null if none was. */
  CommitMarker read(ExactlyOnce write, String slot);
}
