package io.github.kafkarouted.benchmarks;

import io.github.kafkarouted.connector.dispatch.OutputRow;
import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * An {@link OutputRow} whose fields and route results were computed up front, as the writer's
 * compiled projection computes them before routing: what the router and the dispatcher see when
 * the Catalyst work is left out. No partition, headers or topic column.
 *
 * <p>Immutable after construction (the arrays are not copied: callers hand them over).
 */
public final class EventRow implements OutputRow {

  private final byte[] key;
  private final byte[] value;
  private final boolean[] matches;
  private final String[] computedTopics;
  private final String sourceTopic;
  private final Integer sourcePartition;
  private final Long sourceOffset;

  /**
   * @param matches whether route {@code i}'s condition holds
   * @param computedTopics the topic of route {@code i}'s topic expression (null for literal routes)
   */
  public EventRow(
      SyntheticEvent event, byte[] value, boolean[] matches, String[] computedTopics) {
    this.key = event.key();
    this.value = value;
    this.matches = matches;
    this.computedTopics = computedTopics;
    this.sourceTopic = SyntheticEvent.SOURCE_TOPIC;
    this.sourcePartition = event.sourcePartition();
    this.sourceOffset = event.sourceOffset();
  }

  @Override
  public boolean matches(int routeIndex) {
    return matches[routeIndex];
  }

  @Override
  public String computedTopic(int routeIndex) {
    return computedTopics[routeIndex];
  }

  @Override
  public String topicColumn() {
    return null;
  }

  @Override
  public byte[] key() {
    return key;
  }

  @Override
  public byte[] value() {
    return value;
  }

  @Override
  public Integer partition() {
    return null;
  }

  @Override
  public List<Header> headers() {
    return null;
  }

  @Override
  public String sourceTopic() {
    return sourceTopic;
  }

  @Override
  public Integer sourcePartition() {
    return sourcePartition;
  }

  @Override
  public Long sourceOffset() {
    return sourceOffset;
  }
}
