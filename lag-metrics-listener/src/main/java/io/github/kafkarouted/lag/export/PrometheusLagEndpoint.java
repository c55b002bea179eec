package io.github.kafkarouted.lag.export;

import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The Prometheus HTTP endpoint ({@code /metrics}) serving {@link PrometheusLagCollector}. Uses a
 * registry of its own, never the Prometheus client's process-wide default, so nothing outlives
 * {@link #close()} and the user's own Prometheus metrics are left alone.
 *
 * <p>Thread-safe; {@link #close()} is safe to call twice.
 */
public final class PrometheusLagEndpoint implements LagExporter {

  private final HTTPServer server;

  private PrometheusLagEndpoint(HTTPServer server) {
    this.server = server;
  }

  /**
   * Binds and starts the endpoint.
   *
   * @param host interface to bind, null for all
   * @param port port, 0 for any free one
   * @throws IOException if the port cannot be bound
   */
  public static PrometheusLagEndpoint start(
      String host, int port, Supplier<? extends Collection<QueryLagSnapshot>> snapshots)
      throws IOException {
    return start(host, port, snapshots, Integer.MAX_VALUE);
  }

  /**
   * Binds and starts the endpoint, with per-partition series for at most {@code
   * maxPartitionSeries} partitions ({@link PartitionSeriesCap}).
   */
  public static PrometheusLagEndpoint start(
      String host,
      int port,
      Supplier<? extends Collection<QueryLagSnapshot>> snapshots,
      int maxPartitionSeries)
      throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new PrometheusLagCollector(snapshots, maxPartitionSeries));
    registry.register(new PrometheusSinkOutcomeCollector(snapshots));
    HTTPServer.Builder builder = HTTPServer.builder().port(port).registry(registry);
    if (host != null) {
      builder.hostname(host);
    }
    return new PrometheusLagEndpoint(builder.buildAndStart());
  }

  /** The bound port (the actual one when started with port 0). */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
