package io.github.kafkarouted.lag.live;

import java.io.Serializable;
import java.util.List;

/**
 * One message from an executor's sampler to the driver: every per-partition sample of the Kafka
 * consumers in that executor JVM at one moment, and the kafka-routed sink's live counters there.
 *
 * @param executorId Spark's executor id ({@code driver} in local mode)
 * @param samples the consumer samples, possibly empty (the executor's consumers are gone)
 * @param sinkOutcomes the sink's counts per query run in this JVM, possibly empty
 */
public record ExecutorSamples(
    String executorId, List<ConsumerPartitionSample> samples, List<SinkOutcomeSample> sinkOutcomes)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public ExecutorSamples {
    samples = List.copyOf(samples);
    sinkOutcomes = List.copyOf(sinkOutcomes);
  }

  /** Consumer samples only. */
  public ExecutorSamples(String executorId, List<ConsumerPartitionSample> samples) {
    this(executorId, samples, List.of());
  }

  boolean isEmpty() {
    return samples.isEmpty() && sinkOutcomes.isEmpty();
  }
}
