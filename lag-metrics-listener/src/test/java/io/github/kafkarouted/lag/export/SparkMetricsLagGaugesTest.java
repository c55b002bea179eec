package io.github.kafkarouted.lag.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.PartitionStatus;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SparkMetricsLagGaugesTest {

  private final MetricRegistry registry = new MetricRegistry();

  private Object value(String name) {
    return ((Gauge<?>) registry.getMetrics().get(name)).getValue();
  }

  @Test
  void registersOneMetricAtOnceSoSparkRegistersTheRegistry() {
    new SparkMetricsLagGauges(registry, () -> 3);

    assertEquals(3, value(SparkMetricsLagGauges.TRACKED_QUERIES));
  }

  @Test
  void syncAddsGaugesOfNewPartitionsAndRemovesThoseOfEndedQueries() {
    SparkMetricsLagGauges gauges = new SparkMetricsLagGauges(registry, () -> 1);

    gauges.sync(List.of(PrometheusLagEndpointTest.snapshot()));

    assertEquals(5L, value("orders.t.0.lagOffsets"));
    assertEquals(2.5, value("orders.t.0.lagSeconds"));
    assertEquals(10L, value("orders.t.0.consumedOffset"));
    assertEquals(15L, value("orders.t.0.latestOffset"));
    assertEquals(2, value("orders.t.0.status"));
    assertEquals(5L, value("orders.sumLagOffsets"));
    assertEquals(7L, value("orders.t.1.consumedOffset"));
    assertFalse(registry.getMetrics().containsKey("orders.t.1.lagOffsets"));

    gauges.sync(List.of());

    assertEquals(List.of(SparkMetricsLagGauges.TRACKED_QUERIES), List.copyOf(registry.getNames()));
    assertTrue(gauges.gaugeNames().isEmpty());
  }

  @Test
  void gaugesReadTheLatestSync() {
    SparkMetricsLagGauges gauges = new SparkMetricsLagGauges(registry, () -> 1);
    UUID id = UUID.randomUUID();
    gauges.sync(List.of(lag(id, 5)));

    gauges.sync(List.of(lag(id, 9)));

    assertEquals(9L, value("q_1.t.0.lagOffsets"));
  }

  private static QueryLagSnapshot lag(UUID id, long lag) {
    return new QueryLagSnapshot(
        id,
        UUID.randomUUID(),
        "q 1",
        Instant.EPOCH,
        List.of(
            new PartitionLag(
                "t",
                0,
                1,
                OptionalLong.of(1 + lag),
                OptionalLong.of(lag),
                OptionalDouble.empty(),
                PartitionStatus.OK)));
  }
}
