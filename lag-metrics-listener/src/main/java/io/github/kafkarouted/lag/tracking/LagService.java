package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.model.QueryLagSnapshot;

import io.github.kafkarouted.lag.export.LagExporter;
import io.github.kafkarouted.lag.live.ExecutorSamples;
import io.github.kafkarouted.lag.export.PrometheusLagEndpoint;
import io.github.kafkarouted.lag.export.SparkMetricsLagGauges;
import io.github.kafkarouted.lag.offsets.AdminBrokerOffsetClient;
import io.github.kafkarouted.lag.offsets.BrokerOffsetClient;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one application's lag monitoring runs on: the {@link LagTracker}, its broker client,
 * the poller thread, the optional Prometheus endpoint and the optional Spark-metrics gauges. The
 * listeners and the plugin share one instance per application through {@link
 * LagServiceRegistry}; event methods record and return, the work happens on the poller thread.
 *
 * <p>Thread-safe. {@link #close()} stops everything, is safe to call twice and removes the service
 * from the registry.
 */
public final class LagService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LagService.class);

  private final LagListenerConf conf;
  private final LagTracker tracker;
  private final BrokerOffsetClient brokers;
  private final LagPoller poller;
  private final PrometheusLagEndpoint endpoint;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong pollRounds = new AtomicLong();
  /** Every backend lag is published to: the endpoint (when on) and those attached later. */
  private final List<LagExporter> exporters = new CopyOnWriteArrayList<>();
  private volatile boolean fedByApplicationListener;

  private LagService(
      LagListenerConf conf,
      InstantSource clock,
      BrokerOffsetClient brokers,
      QueryInspector inspector) {
    this.conf = conf;
    this.brokers = brokers;
    this.tracker = new LagTracker(conf, clock, brokers, inspector);
    this.endpoint = startEndpoint(conf, tracker);
    if (endpoint != null) {
      exporters.add(endpoint);
    }
    this.poller = LagPoller.start(this::pollRound, conf.pollInterval());
  }

  /** Starts a service reading end offsets with Kafka Admin clients, on the system clock. */
  public static LagService start(LagListenerConf conf, QueryInspector inspector) {
    return start(
        conf, InstantSource.system(), new AdminBrokerOffsetClient(conf.adminTimeout()), inspector);
  }

  /** Starts a service on the given clock and broker client (tests). */
  public static LagService start(
      LagListenerConf conf,
      InstantSource clock,
      BrokerOffsetClient brokers,
      QueryInspector inspector) {
    return new LagService(conf, clock, brokers, inspector);
  }

  private static PrometheusLagEndpoint startEndpoint(LagListenerConf conf, LagTracker tracker) {
    if (conf.prometheusPort().isEmpty()) {
      return null;
    }
    String host = conf.prometheusHost().orElse(null);
    try {
      PrometheusLagEndpoint e =
          PrometheusLagEndpoint.start(
              host,
              conf.prometheusPort().getAsInt(),
              tracker::snapshots,
              conf.maxPartitionSeries());
      LOG.info("Kafka lag metrics served for Prometheus on port {} at /metrics", e.port());
      return e;
    } catch (IOException | RuntimeException e) {
      // Monitoring must never stop the application: run without the endpoint.
      LOG.error(
          "Cannot serve Kafka lag metrics on port {} (set by {}); continuing without the endpoint",
          conf.prometheusPort().getAsInt(),
          LagListenerConf.PROMETHEUS_PORT,
          e);
      return null;
    }
  }

  private void pollRound() {
    pollRounds.incrementAndGet(); // Counted at start: a failing round still counts.
    tracker.poll();
    for (LagExporter exporter : exporters) {
      try {
        exporter.afterPoll(tracker.snapshots());
      } catch (RuntimeException e) {
        // One backend failing must not stop the others, nor the poller.
        LOG.warn("Lag exporter {} failed", exporter.getClass().getSimpleName(), e);
      }
    }
  }

  /** Poll rounds started so far; lets tests wait for the poller without sleeping blindly. */
  public long pollRounds() {
    return pollRounds.get();
  }

  /**
   * Broker clients open now: one per cluster (connection settings) some tracked query reads,
   * closed at the first poll round after no query uses it. For diagnostics and leak checks.
   */
  public int openBrokerClients() {
    return brokers.openClients();
  }

  public LagTracker tracker() {
    return tracker;
  }

  public LagListenerConf conf() {
    return conf;
  }

  /** The latest lag of a running query. */
  public Optional<QueryLagSnapshot> snapshot(UUID queryId) {
    return tracker.snapshot(queryId);
  }

  /** The Prometheus endpoint's bound port; empty when it is off or failed to start. */
  public OptionalInt prometheusPort() {
    return endpoint == null ? OptionalInt.empty() : OptionalInt.of(endpoint.port());
  }

  /** Publishes lag to {@code exporter} too from now on; it is closed with this service. */
  public void attachExporter(LagExporter exporter) {
    exporters.add(exporter);
    poller.runSoon();
  }

  /** Exports lag through Spark's metrics system from now on (the plugin's registry). */
  public void attachGauges(SparkMetricsLagGauges sparkGauges) {
    attachExporter(sparkGauges);
  }

  /** Whether an application-wide listener ({@code spark.extraListeners}) feeds this service. */
  public boolean fedByApplicationListener() {
    return fedByApplicationListener;
  }

  /** Called by the application-wide listener when it attaches itself to this service. */
  public void markFedByApplicationListener() {
    fedByApplicationListener = true;
  }

  /** Asks the poller for a round as soon as possible. */
  public void pollSoon() {
    poller.runSoon();
  }

  /** Positions sent by an executor's sampler (the plugin's executor side). */
  public void executorSamples(ExecutorSamples samples) {
    tracker.executorSamples(samples);
  }

  public void queryStarted(UUID queryId, UUID runId, String name) {
    tracker.queryStarted(queryId, runId, name);
    poller.runSoon(); // Inspect it while it surely runs.
  }

  public void progressMade(ProgressReport report) {
    tracker.progressMade(report);
    if (conf.commitGroupId().isPresent()) {
      poller.runSoon(); // Commit after each batch, not a poll interval later.
    }
  }

  public void queryIdle(UUID queryId, UUID runId, String eventTimestamp) {
    tracker.queryIdle(queryId, runId, eventTimestamp);
  }

  public void queryTerminated(UUID queryId, UUID runId) {
    tracker.queryTerminated(queryId, runId);
    if (conf.commitGroupId().isPresent()) {
      poller.runSoon(); // Commit the last batch, if still pending, before Admin clients close.
    }
  }

  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LagServiceRegistry.forget(this);
    poller.close();
    for (LagExporter exporter : exporters) {
      exporter.close();
    }
    brokers.close();
    tracker.close();
  }
}
