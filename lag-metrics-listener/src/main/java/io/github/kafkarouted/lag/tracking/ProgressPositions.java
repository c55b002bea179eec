package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.offsets.ProgressOffsetParser;
import io.github.kafkarouted.lag.tracking.ProgressReport.SourceReport;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one batch's Kafka positions and end offsets out of its progress report. Non-Kafka sources
 * are skipped; a source whose offsets cannot be read is skipped too, and logged once per query run
 * (a malformed source would otherwise log on every batch).
 *
 * <p>Stateless; the {@link QueryState} it marks is guarded by the caller.
 */
final class ProgressPositions {

  private static final Logger LOG = LoggerFactory.getLogger(ProgressPositions.class);

  private ProgressPositions() {}

  /**
   * Fills {@code positions} (where the batch ended) and {@code latest} (the end offsets seen when
   * the batch was planned) from the report's Kafka sources.
   *
   * @return whether the report had at least one readable Kafka source
   */
  static boolean read(
      QueryState q,
      ProgressReport report,
      Map<TopicPartition, Long> positions,
      Map<TopicPartition, Long> latest) {
    boolean anyKafka = false;
    for (SourceReport source : report.sources()) {
      if (!ProgressOffsetParser.isKafkaSource(source.description())) {
        continue;
      }
      try {
        Map<TopicPartition, Long> end = ProgressOffsetParser.parseOffsets(source.endOffset());
        Map<TopicPartition, Long> seen = ProgressOffsetParser.parseOffsets(source.latestOffset());
        // Two sources reading one partition: the one further behind defines the lag.
        end.forEach((tp, o) -> positions.merge(tp, o, Math::min));
        seen.forEach((tp, o) -> latest.merge(tp, o, Math::max));
        anyKafka = true;
      } catch (IllegalArgumentException e) {
        if (!q.malformedLogged) {
          q.malformedLogged = true;
          LOG.warn(
              "Ignoring unreadable offsets of source {} of query {} (batch {}): {}",
              source.description(),
              q.displayName(),
              report.batchId(),
              e.getMessage());
        }
      }
    }
    return anyKafka;
  }
}
