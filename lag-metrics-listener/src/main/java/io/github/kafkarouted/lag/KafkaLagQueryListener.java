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
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lag listener as a {@link StreamingQueryListener}, for {@code
 * spark.sql.streaming.streamingQueryListeners=io.github.kafkarouted.lag.KafkaLagQueryListener}
 * (one instance per session, seeing that session's queries) and for {@code
 * spark.streams().addListener(new KafkaLagQueryListener())}. Shares the application's {@link
 * LagService} with {@link KafkaLagListener} and other sessions' instances; an event delivered
 * twice (both listeners configured) is recorded once.
 *
 * <p>Thread-safe. Releases its service at application end or on {@link #close()} (call it after
 * {@code removeListener}). Not meant to be serialized: Spark never does for JVM listeners.
 */
public class KafkaLagQueryListener extends StreamingQueryListener implements AutoCloseable {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(KafkaLagQueryListener.class);

  private final transient String applicationId;
  private final transient LagService service;
  private final transient AtomicBoolean released = new AtomicBoolean();

  /** The constructor Spark calls for {@code spark.sql.streaming.streamingQueryListeners}. */
  public KafkaLagQueryListener(SparkConf conf) {
    this.applicationId = SparkConfs.applicationId(conf);
    LagListenerConf lagConf = SparkConfs.lagConf(conf);
    this.service =
        LagServiceRegistry.acquire(
            applicationId, () -> LagService.start(lagConf, new SparkQueryInspector()));
    releaseAtApplicationEnd();
  }

  /** For {@code spark.streams().addListener(...)}: reads the running driver's configuration. */
  public KafkaLagQueryListener() {
    this(SparkConfs.current());
  }

  /**
   * A streaming listener has no end-of-application callback: borrow the application's. ({@code
   * SparkContext.getActive} is {@code private[spark]} in Scala, public in bytecode, reachable
   * only through the companion object from Java.)
   */
  private void releaseAtApplicationEnd() {
    try {
      scala.Option<SparkContext> sc = SparkContext$.MODULE$.getActive();
      if (sc.isDefined()) {
        sc.get()
            .addSparkListener(
                new SparkListener() {
                  @Override
                  public void onApplicationEnd(SparkListenerApplicationEnd end) {
                    close();
                  }
                });
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("No application-end hook; close() the listener to release it", e);
    }
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    SparkEvents.dispatch(event, service);
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    SparkEvents.dispatch(event, service);
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {
    SparkEvents.dispatch(event, service);
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    SparkEvents.dispatch(event, service);
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
