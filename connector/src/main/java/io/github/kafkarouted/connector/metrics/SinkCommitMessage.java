package io.github.kafkarouted.connector.metrics;

import io.github.kafkarouted.connector.dispatch.DispatchCounters;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/** What one task wrote, sent to the driver with its commit. Small: counts only. */
public final class SinkCommitMessage implements WriterCommitMessage {

  private static final long serialVersionUID = 1L;

  private final long rowsIn;
  private final long rowsRouted;
  private final long rowsDropped;
  private final long recordsSent;
  private final long[] recordsByRoute;
  private final HashMap<String, Long> recordsByTopic;

  public SinkCommitMessage(DispatchCounters c) {
    this.rowsIn = c.rowsIn();
    this.rowsRouted = c.rowsRouted();
    this.rowsDropped = c.rowsDropped();
    this.recordsSent = c.recordsSent();
    this.recordsByRoute = c.recordsByRoute();
    this.recordsByTopic = new HashMap<>(c.recordsByTopic());
  }

  public long rowsIn() {
    return rowsIn;
  }

  public long rowsRouted() {
    return rowsRouted;
  }

  public long rowsDropped() {
    return rowsDropped;
  }

  public long recordsSent() {
    return recordsSent;
  }

  public long[] recordsByRoute() {
    return recordsByRoute.clone();
  }

  public Map<String, Long> recordsByTopic() {
    return recordsByTopic;
  }
}
