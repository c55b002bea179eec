package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.connector.routing.RoutableRow;
import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * One input row, evaluated: the record fields of Spark's kafka sink plus what routing needs. A view
 * that is reused from row to row; values are read once per row by the dispatcher.
 */
public interface OutputRow extends RoutableRow {

  /** Record key, or null. */
  byte[] key();

  /** Record value, or null (a tombstone, as Spark's kafka sink writes it). */
  byte[] value();

  /** Target partition, or null to let the producer's partitioner choose. */
  Integer partition();

  /** Record headers, or null for none. */
  List<Header> headers();
}
