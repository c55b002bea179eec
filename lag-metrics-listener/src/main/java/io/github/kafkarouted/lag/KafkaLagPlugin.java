package io.github.kafkarouted.lag;

import io.github.kafkarouted.lag.tracking.LagListenerConf;
import io.github.kafkarouted.lag.tracking.LagService;
import io.github.kafkarouted.lag.tracking.LagServiceRegistry;
import io.github.kafkarouted.lag.tracking.LagTracker;

import io.github.kafkarouted.lag.export.SparkMetricsLagGauges;
import io.github.kafkarouted.lag.spark.SparkConfs;
import io.github.kafkarouted.lag.spark.SparkQueryInspector;
import io.github.kafkarouted.lag.live.ExecutorSampler;
import io.github.kafkarouted.lag.live.ExecutorSamples;
import io.github.kafkarouted.lag.live.JmxConsumerMetrics;
import io.github.kafkarouted.lag.live.JmxSinkOutcomes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Exports lag through Spark's metrics system ({@code
 * spark.plugins=io.github.kafkarouted.lag.KafkaLagPlugin}), so JMX, {@code PrometheusServlet},
 * Graphite and other configured sinks show it under {@code
 * <namespace>.driver.plugin.io.github.kafkarouted.lag.KafkaLagPlugin.*} (names in {@link
 * SparkMetricsLagGauges}). Also attaches a {@link KafkaLagListener} if {@code spark.extraListeners}
 * did not, so this one setting suffices.
 *
 * <p>On each executor it samples the Kafka consumers' positions ({@link JmxConsumerMetrics}) every
 * {@code spark.kafkaRouted.lag.executor.sampleInterval} and sends them to the driver side through
 * Spark's plugin messaging: Real-Time Mode queries then report their live position, not the start
 * of a batch that lasts minutes. With them go the kafka-routed sink's live counters of that
 * executor (JMX {@code io.github.kafkarouted:type=SinkOutcomes}), exported as counters per query,
 * route and dead-letter reason.
 */
public class KafkaLagPlugin implements SparkPlugin {

  @Override
  public DriverPlugin driverPlugin() {
    return new LagDriverPlugin();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new LagExecutorPlugin();
  }

  /** Executor side: samples this JVM's Kafka consumers and sends their positions to the driver. */
  static final class LagExecutorPlugin implements ExecutorPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(LagExecutorPlugin.class);
    private ExecutorSampler sampler;

    @Override
    public void init(PluginContext ctx, Map<String, String> extraConf) {
      LagListenerConf conf;
      try {
        conf = SparkConfs.lagConf(ctx.conf());
      } catch (RuntimeException e) {
        // Monitoring must never keep an executor from starting; the driver reports the setting.
        LOG.error("Not sending Kafka consumer positions to the driver: bad lag settings", e);
        return;
      }
      MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
      JmxConsumerMetrics consumers = new JmxConsumerMetrics(jmx);
      JmxSinkOutcomes sinkOutcomes = new JmxSinkOutcomes(jmx);
      String executorId = ctx.executorID();
      sampler =
          ExecutorSampler.start(
              conf.executorSampleInterval(),
              () -> new ExecutorSamples(executorId, consumers.read(), sinkOutcomes.read()),
              samples -> {
                try {
                  ctx.send(samples);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      LOG.info(
          "Sending Kafka consumer positions to the driver every {} ms",
          conf.executorSampleInterval().toMillis());
    }

    @Override
    public void shutdown() {
      if (sampler != null) {
        sampler.close();
      }
    }
  }

  /** Driver side: one per application; Spark calls its methods from the driver's main thread. */
  static final class LagDriverPlugin implements DriverPlugin {
    private SparkContext sparkContext;
    private String applicationId;
    private volatile LagService service;
    private KafkaLagListener addedListener;

    @Override
    public Map<String, String> init(SparkContext sc, PluginContext ctx) {
      this.sparkContext = sc;
      return Map.of();
    }

    /** Called after the application id is known and {@code spark.extraListeners} are attached. */
    @Override
    public void registerMetrics(String appId, PluginContext ctx) {
      LagListenerConf conf = SparkConfs.lagConf(ctx.conf());
      this.applicationId = appId;
      this.service =
          LagServiceRegistry.acquire(
              appId, () -> LagService.start(conf, new SparkQueryInspector()));
      if (!service.fedByApplicationListener()) {
        addedListener = new KafkaLagListener(ctx.conf());
        sparkContext.addSparkListener(addedListener);
      }
      LagTracker tracker = service.tracker();
      service.attachGauges(
          new SparkMetricsLagGauges(
              ctx.metricRegistry(),
              () -> tracker.trackedQueries().size(),
              conf.maxPartitionSeries()));
    }

    /** Messages from the executors' samplers; replies are not used. */
    @Override
    public Object receive(Object message) {
      LagService s = service;
      if (message instanceof ExecutorSamples samples && s != null) {
        s.executorSamples(samples);
      }
      return null;
    }

    @Override
    public void shutdown() {
      if (addedListener != null) {
        addedListener.close();
      }
      if (service != null) {
        LagServiceRegistry.release(applicationId, service);
      }
    }
  }
}
