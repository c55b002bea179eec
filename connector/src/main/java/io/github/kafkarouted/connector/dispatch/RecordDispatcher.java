package io.github.kafkarouted.connector.dispatch;

import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.RouteTargets;
import io.github.kafkarouted.connector.routing.UnmatchedPolicy;
import java.util.List;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * Routes rows and sends their records: the core shared by the DataSource V2 writer and the
 * ForeachWriter. Plain Java; one per Spark task, not thread-safe (only the producer's callback
 * thread touches {@link #firstFailure}).
 *
 * <p>Sends are asynchronous (never buffered until commit, so Real-Time Mode gets each record out
 * within milliseconds). The first failed send is remembered and thrown by the next {@link
 * #dispatch} or by {@link #flush}, which the writer calls before it reports success: at-least-once.
 */
public final class RecordDispatcher {

  private final RouteTable routes;
  private final UnmatchedPolicy unmatchedPolicy;
  private final Producer<byte[], byte[]> producer;
  private final DispatchCounters counters;
  private final RouteTargets targets;
  private final Callback callback = new FirstFailureCallback();

  private volatile Exception firstFailure;

  public RecordDispatcher(
      RouteTable routes, UnmatchedPolicy unmatchedPolicy, Producer<byte[], byte[]> producer) {
    this.routes = routes;
    this.unmatchedPolicy = unmatchedPolicy;
    this.producer = producer;
    this.counters = new DispatchCounters(routes.routeCount() + 1);
    this.targets = routes.newTargets();
  }

  /** Routes {@code row} and hands its record(s) to the producer. */
  public void dispatch(OutputRow row) {
    throwIfFailed();
    counters.recordRowIn();
    int n = routes.resolve(row, targets);
    if (n == 0) {
      handleUnmatched();
      return;
    }
    byte[] key = row.key();
    byte[] value = row.value();
    Integer partition = row.partition();
    List<Header> headers = row.headers();
    for (int i = 0; i < n; i++) {
      String topic = targets.topic(i);
      int route = targets.route(i);
      if (topic == null || topic.isEmpty()) {
        throw new IllegalStateException(nullTopicMessage(route));
      }
      producer.send(new ProducerRecord<>(topic, partition, key, value, headers), callback);
      counters.recordSent(route, topic);
    }
    counters.recordRowRouted();
  }

  /** Blocks until every record sent so far is acknowledged; throws the first send failure. */
  public void flush() {
    throwIfFailed();
    // Sends are asynchronous: success may only be reported once every record is in Kafka.
    producer.flush();
    throwIfFailed();
  }

  public DispatchCounters counters() {
    return counters;
  }

  private void handleUnmatched() {
    if (unmatchedPolicy == UnmatchedPolicy.DROP) {
      counters.recordRowDropped();
      return;
    }
    throw new IllegalStateException(
        "A row matched no route and there is no default topic. Set the 'topic' option (or give"
            + " the row a 'topic' column) for such rows, or set routing.unmatched=drop to drop and"
            + " count them.");
  }

  private String nullTopicMessage(int route) {
    if (route == routes.defaultRouteIndex()) {
      return "null topic present in the data. Use the topic option for setting a default topic.";
    }
    return "The topic expression '"
        + routes.topicSource(route)
        + "' gave a null or empty topic for a row.";
  }

  private void throwIfFailed() {
    Exception failure = firstFailure;
    if (failure != null) {
      throw new KafkaSendException(failure);
    }
  }

  /** Keeps the first failure; one instance shared by every send of the dispatcher. */
  private final class FirstFailureCallback implements Callback {
    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null && firstFailure == null) {
        firstFailure = exception;
      }
    }
  }
}
