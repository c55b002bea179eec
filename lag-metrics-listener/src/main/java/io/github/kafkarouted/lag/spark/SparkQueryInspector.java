package io.github.kafkarouted.lag.spark;

import io.github.kafkarouted.lag.tracking.QueryInspector;
import io.github.kafkarouted.lag.offsets.KafkaSourceOptions;
import io.github.kafkarouted.lag.offsets.ProgressOffsetParser;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.apache.spark.sql.connector.read.streaming.Offset;
import org.apache.spark.sql.connector.read.streaming.SparkDataStream;
import org.apache.spark.sql.execution.streaming.ContinuousTrigger;
import org.apache.spark.sql.execution.streaming.ProcessingTimeTrigger;
import org.apache.spark.sql.execution.streaming.RealTimeTrigger;
import org.apache.spark.sql.execution.streaming.continuous.ContinuousExecution;
import org.apache.spark.sql.execution.streaming.runtime.OffsetHolder;
import org.apache.spark.sql.execution.streaming.runtime.StreamExecution;
import org.apache.spark.sql.execution.streaming.runtime.StreamingRelation;
import org.apache.spark.sql.streaming.Trigger;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@link QueryInspector} on Spark 4.1 internals. Progress events carry no source options, so the
 * running {@code StreamExecution} is looked up in the registry all sessions of the application
 * share ({@code SharedState.activeStreamingQueries}, keyed by query id, filled before the query
 * starts and emptied when it ends), and:
 *
 * <ul>
 *   <li>its {@code analyzedPlan} (immutable, set at construction) gives each Kafka source's options
 *       ({@code StreamingRelationV2.extraOptions}, or the v1 {@code StreamingRelation}'s);
 *   <li>its trigger gives the trigger interval and whether the query is continuous;
 *   <li>its {@code committedOffsets} (volatile, replaced after each batch or, for continuous
 *       queries, each epoch commit: the same offsets the checkpoint's offset log holds) give the
 *       committed positions, the only position source for continuous queries;
 *   <li>for a Real-Time Mode query that has not completed a batch yet, the running batch's start
 *       offsets ({@code OffsetHolder}s in the latest execution context's {@code newData});
 *   <li>the {@code group.id} of each Kafka micro-batch stream's executor consumers (its private
 *       {@code executorKafkaParams} field, read by reflection), which tells this query's consumers
 *       apart in the executors' metrics.
 * </ul>
 *
 * <p>These are internal Spark APIs (public in bytecode): each use is confined to this class, and
 * any failure makes the tracker fall back to progress events and {@code
 * spark.kafkaRouted.lag.kafka.*}. Stateless and thread-safe.
 */
public final class SparkQueryInspector implements QueryInspector {

  private static final String KAFKA_PACKAGE = "org.apache.spark.sql.kafka010.";

  @Override
  public Inspection inspect(UUID queryId, UUID runId) {
    Optional<org.apache.spark.sql.classic.SparkSession> session = anySession();
    if (session.isEmpty()) {
      return new Unavailable("no SparkSession to look the query up in");
    }
    StreamExecution exec = session.get().sharedState().activeStreamingQueries().get(queryId);
    if (exec == null || !exec.runId().equals(runId) || !exec.isActive()) {
      return new Gone();
    }
    List<KafkaSourceOptions> sources = new ArrayList<>();
    collectKafkaSources(exec.analyzedPlan(), sources);
    return new Found(
        new QueryDetails(
            sources,
            exec instanceof ContinuousExecution,
            exec.trigger() instanceof RealTimeTrigger,
            triggerIntervalMs(exec.trigger()),
            new StreamExecutionProbe(exec)));
  }

  private static Optional<org.apache.spark.sql.classic.SparkSession> anySession() {
    List<scala.Option<org.apache.spark.sql.SparkSession>> candidates =
        List.of(
            org.apache.spark.sql.SparkSession.getActiveSession(),
            org.apache.spark.sql.SparkSession.getDefaultSession());
    for (scala.Option<org.apache.spark.sql.SparkSession> candidate : candidates) {
      if (candidate.isDefined()
          && candidate.get() instanceof org.apache.spark.sql.classic.SparkSession s
          && !s.sparkContext().isStopped()) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  static void collectKafkaSources(LogicalPlan plan, List<KafkaSourceOptions> out) {
    if (plan instanceof StreamingRelationV2 r) {
      if ("kafka".equalsIgnoreCase(r.sourceName())
          || r.table().getClass().getName().startsWith(KAFKA_PACKAGE)) {
        out.add(KafkaSourceOptions.of(r.extraOptions().asCaseSensitiveMap()));
      }
      return;
    }
    if (plan instanceof StreamingRelation r) {
      if ("kafka".equalsIgnoreCase(r.sourceName())) {
        out.add(KafkaSourceOptions.of(CollectionConverters.asJava(r.dataSource().options())));
      }
      return;
    }
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      collectKafkaSources(child, out);
    }
  }

  private static long triggerIntervalMs(Trigger trigger) {
    if (trigger instanceof ProcessingTimeTrigger t) {
      return t.intervalMs();
    }
    if (trigger instanceof RealTimeTrigger t) {
      return t.batchDurationMs();
    }
    if (trigger instanceof ContinuousTrigger t) {
      return t.intervalMs();
    }
    return 0;
  }

  /** Reads a running query's committed Kafka positions. */
  private static final class StreamExecutionProbe implements PositionProbe {
    private final StreamExecution exec;
    /** Found once per run: a run's source streams, and so their group ids, never change. */
    private volatile Set<String> groupIds = Set.of();

    StreamExecutionProbe(StreamExecution exec) {
      this.exec = exec;
    }

    @Override
    public boolean isActive() {
      return exec.isActive();
    }

    @Override
    public Map<TopicPartition, Long> committedPositions() {
      Map<TopicPartition, Long> positions = new HashMap<>();
      Map<SparkDataStream, Offset> committed =
          CollectionConverters.asJava(exec.committedOffsets().baseMap());
      committed.forEach((stream, offset) -> addKafkaOffsets(stream, offset, positions));
      if (positions.isEmpty() && exec.trigger() instanceof RealTimeTrigger) {
        addRunningBatchStart(positions);
      }
      return positions;
    }

    @Override
    public Set<String> executorGroupIds() {
      if (groupIds.isEmpty()) {
        Set<String> found = new HashSet<>();
        for (SparkDataStream stream : knownStreams()) {
          executorGroupId(stream).ifPresent(found::add);
        }
        groupIds = Set.copyOf(found);
      }
      return groupIds;
    }

    /**
     * The query's source streams, as far as they exist: the committed offsets' keys and the
     * running batch's. Reading the lazily built {@code logicalPlan} from this thread could build it.
     */
    private Set<SparkDataStream> knownStreams() {
      Set<SparkDataStream> streams =
          new HashSet<>(CollectionConverters.asJava(exec.committedOffsets().baseMap()).keySet());
      scala.collection.immutable.Map<SparkDataStream, LogicalPlan> newData =
          exec.getLatestExecutionContext().newData();
      if (newData != null) {
        streams.addAll(CollectionConverters.asJava(newData).keySet());
      }
      return streams;
    }

    /**
     * The executor consumers' group id of a Kafka micro-batch stream (Real-Time Mode runs on it
     * too). A private field: absent on another Spark line, where live positions are not used.
     */
    private static Optional<String> executorGroupId(SparkDataStream stream) {
      if (!stream.getClass().getName().equals(KAFKA_PACKAGE + "KafkaMicroBatchStream")) {
        return Optional.empty();
      }
      try {
        Field f = stream.getClass().getDeclaredField("executorKafkaParams");
        f.setAccessible(true);
        Object params = f.get(stream);
        Object groupId =
            params instanceof Map<?, ?> m ? m.get(ConsumerConfig.GROUP_ID_CONFIG) : null;
        return groupId instanceof String g ? Optional.of(g) : Optional.empty();
      } catch (ReflectiveOperationException | RuntimeException e) {
        return Optional.empty();
      }
    }

    /**
     * A fresh Real-Time Mode query commits nothing until its first batch ends (5 minutes by
     * default), yet it reads from the start of that batch all along: the running batch's start
     * offsets are its position meanwhile. {@code MicroBatchExecution.runBatch} keeps them in the
     * execution context's {@code newData}, one {@code OffsetHolder(start, None)} per source; it is
     * only read here, never computed (unlike {@code initialOffset()}, which could resolve the
     * starting offsets from this thread).
     */
    private void addRunningBatchStart(Map<TopicPartition, Long> positions) {
      scala.collection.immutable.Map<SparkDataStream, LogicalPlan> newData =
          exec.getLatestExecutionContext().newData();
      if (newData == null) {
        return; // The first batch has not been planned yet.
      }
      CollectionConverters.asJava(newData)
          .forEach(
              (stream, plan) -> {
                if (plan instanceof OffsetHolder holder) {
                  addKafkaOffsets(stream, holder.start(), positions);
                }
              });
    }

    private static void addKafkaOffsets(
        SparkDataStream stream, Offset offset, Map<TopicPartition, Long> positions) {
      if (stream.getClass().getName().startsWith(KAFKA_PACKAGE) && offset != null) {
        ProgressOffsetParser.parseOffsets(offset.json())
            .forEach((tp, o) -> positions.merge(tp, o, Math::min));
      }
    }
  }
}
