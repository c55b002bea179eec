package io.github.kafkarouted.lag;

import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import io.github.kafkarouted.lag.tracking.LagListenerConf;
import io.github.kafkarouted.lag.tracking.LagService;
import io.github.kafkarouted.lag.tracking.LagServiceRegistry;

import io.github.kafkarouted.lag.spark.SparkConfs;
import io.github.kafkarouted.lag.spark.SparkEvents;
import io.github.kafkarouted.lag.spark.SparkQueryInspector;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerEvent;

/**
 * Per-partition Kafka lag of every streaming query of the application, loaded by configuration
 * only: {@code --conf spark.extraListeners=io.github.kafkarouted.lag.KafkaLagListener}. Streaming
 * query events of every session reach it through {@link #onOtherEvent} on Spark's listener thread;
 * it records them in the application's {@link LagService} and returns (broker calls run on the
 * service's own thread). Settings: {@link LagListenerConf}.
 *
 * <p>Programs and tests find the running instance's data with {@link
 * LagServiceRegistry#find(String)} (by application id) or {@link LagServiceRegistry#only()}, then
 * {@link LagService#snapshot(UUID)}.
 *
 * <p>Thread-safe. Releases its service at application end or on {@link #close()}.
 */
public class KafkaLagListener extends SparkListener implements AutoCloseable {

  private final String applicationId;
  private final LagService service;
  private final AtomicBoolean released = new AtomicBoolean();

  /** The constructor Spark calls for {@code spark.extraListeners}. */
  public KafkaLagListener(SparkConf conf) {
    this.applicationId = SparkConfs.applicationId(conf);
    LagListenerConf lagConf = SparkConfs.lagConf(conf);
    this.service =
        LagServiceRegistry.acquire(
            applicationId, () -> LagService.start(lagConf, new SparkQueryInspector()));
    service.markFedByApplicationListener();
  }

  /** For {@code SparkContext.addSparkListener}: reads the running driver's configuration. */
  public KafkaLagListener() {
    this(SparkConfs.current());
  }

  @Override
  public void onOtherEvent(SparkListenerEvent event) {
    SparkEvents.dispatch(event, service);
  }

  @Override
  public void onApplicationEnd(SparkListenerApplicationEnd applicationEnd) {
    close();
  }

  /** The latest lag of a running query. */
  public Optional<QueryLagSnapshot> snapshot(UUID queryId) {
    return service.snapshot(queryId);
  }

  public LagService service() {
    return service;
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      LagServiceRegistry.release(applicationId, service);
    }
  }
}
