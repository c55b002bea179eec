package io.github.kafkarouted.lag.spark;

import io.github.kafkarouted.lag.tracking.LagService;
import io.github.kafkarouted.lag.tracking.ProgressReport;
import io.github.kafkarouted.lag.tracking.ProgressReport.SourceReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryIdleEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryProgressEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryStartedEvent;
import org.apache.spark.sql.streaming.StreamingQueryListener.QueryTerminatedEvent;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands Spark's streaming-query events to a {@link LagService}, translating them into the
 * tracker's Spark-free types. Any failure is logged and swallowed: lag monitoring never affects a
 * query, and a listener that throws would only have Spark log the same thing less clearly.
 *
 * <p>Stateless and thread-safe.
 */
public final class SparkEvents {

  private static final Logger LOG = LoggerFactory.getLogger(SparkEvents.class);

  private SparkEvents() {}

  /** Dispatches any event; events other than streaming-query ones are ignored. */
  public static void dispatch(Object event, LagService service) {
    try {
      if (event instanceof QueryStartedEvent e) {
        service.queryStarted(e.id(), e.runId(), e.name());
      } else if (event instanceof QueryProgressEvent e) {
        service.progressMade(toReport(e.progress()));
      } else if (event instanceof QueryIdleEvent e) {
        service.queryIdle(e.id(), e.runId(), e.timestamp());
      } else if (event instanceof QueryTerminatedEvent e) {
        service.queryTerminated(e.id(), e.runId());
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Lag metrics could not record {}", event.getClass().getSimpleName(), e);
    }
  }

  /** The parts of a progress the tracker uses. */
  public static ProgressReport toReport(StreamingQueryProgress progress) {
    List<SourceReport> sources = new ArrayList<>();
    SourceProgress[] all = progress.sources();
    if (all != null) {
      for (SourceProgress s : all) {
        sources.add(
            new SourceReport(s.description(), s.startOffset(), s.endOffset(), s.latestOffset()));
      }
    }
    Map<String, String> sinkMetrics =
        progress.sink() == null || progress.sink().metrics() == null
            ? Map.of()
            : progress.sink().metrics();
    return new ProgressReport(
        progress.id(), progress.runId(), progress.name(), progress.batchId(), sources, sinkMetrics);
  }
}
