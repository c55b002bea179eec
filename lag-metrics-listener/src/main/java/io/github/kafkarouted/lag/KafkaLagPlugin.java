package io.github.kafkarouted.lag;

import io.github.kafkarouted.lag.tracking.LagListenerConf;
import io.github.kafkarouted.lag.tracking.LagService;
import io.github.kafkarouted.lag.tracking.LagServiceRegistry;
import io.github.kafkarouted.lag.tracking.LagTracker;

import io.github.kafkarouted.lag.export.SparkMetricsLagGauges;
import io.github.kafkarouted.lag.spark.SparkConfs;
import io.github.kafkarouted.lag.spark.SparkQueryInspector;
import java.util.Map;
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
 * did not, so this one setting suffices. Driver only.
 */
public class KafkaLagPlugin implements SparkPlugin {

  @Override
  public DriverPlugin driverPlugin() {
    return new LagDriverPlugin();
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return null;
  }

  /** Driver side: one per application; Spark calls its methods from the driver's main thread. */
  static final class LagDriverPlugin implements DriverPlugin {
    private SparkContext sparkContext;
    private String applicationId;
    private LagService service;
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
          new SparkMetricsLagGauges(ctx.metricRegistry(), () -> tracker.trackedQueries().size()));
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
