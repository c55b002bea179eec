package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.offsets.KafkaSourceOptions;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/** Answers inspections as the test set them; unknown queries are Unavailable. Thread-safe. */
final class FakeInspector implements QueryInspector {

  final Map<UUID, Inspection> answers = new ConcurrentHashMap<>();

  /** Live positions a test can change. */
  static final class FakeProbe implements PositionProbe {
    volatile boolean active = true;
    volatile Map<TopicPartition, Long> positions = Map.of();
    volatile java.util.Set<String> groupIds = java.util.Set.of();

    @Override
    public java.util.Set<String> executorGroupIds() {
      return groupIds;
    }

    @Override
    public boolean isActive() {
      return active;
    }

    @Override
    public Map<TopicPartition, Long> committedPositions() {
      return positions;
    }
  }

  FakeProbe found(UUID queryId, boolean continuous, Map<String, String> sourceOptions) {
    return found(queryId, continuous, false, sourceOptions);
  }

  FakeProbe found(
      UUID queryId, boolean continuous, boolean realTime, Map<String, String> sourceOptions) {
    FakeProbe probe = new FakeProbe();
    answers.put(
        queryId,
        new Found(
            new QueryDetails(
                List.of(KafkaSourceOptions.of(sourceOptions)), continuous, realTime, 0, probe)));
    return probe;
  }

  @Override
  public Inspection inspect(UUID queryId, UUID runId) {
    return answers.getOrDefault(queryId, new Unavailable("not set by the test"));
  }
}
