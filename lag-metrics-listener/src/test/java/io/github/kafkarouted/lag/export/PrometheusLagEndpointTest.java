package io.github.kafkarouted.lag.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.lag.model.PartitionLag;
import io.github.kafkarouted.lag.model.PartitionStatus;
import io.github.kafkarouted.lag.model.QueryLagSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PrometheusLagEndpointTest {

  private static final UUID ID = UUID.fromString("11111111-2222-3333-4444-555555555555");

  static QueryLagSnapshot snapshot() {
    return new QueryLagSnapshot(
        ID,
        UUID.randomUUID(),
        "orders",
        Instant.EPOCH,
        List.of(
            new PartitionLag(
                "t",
                0,
                10,
                OptionalLong.of(15),
                OptionalLong.of(5),
                OptionalDouble.of(2.5),
                PartitionStatus.STALL),
            new PartitionLag(
                "t",
                1,
                7,
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalDouble.empty(),
                PartitionStatus.UNKNOWN)));
  }

  private static String scrape(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }

  @Test
  void scrapeShowsLabelledSeriesAndDropsThoseOfRemovedQueries() throws Exception {
    AtomicReference<List<QueryLagSnapshot>> current = new AtomicReference<>(List.of(snapshot()));
    try (PrometheusLagEndpoint endpoint =
        PrometheusLagEndpoint.start("127.0.0.1", 0, current::get)) {
      String text = scrape(endpoint.port());

      String labels =
          "{partition=\"0\",query=\"orders\",query_id=\"" + ID + "\",topic=\"t\"}";
      assertTrue(text.contains("spark_kafka_source_lag_offsets" + labels + " 5.0"), text);
      assertTrue(text.contains("spark_kafka_source_lag_seconds" + labels + " 2.5"), text);
      assertTrue(text.contains("spark_kafka_source_consumed_offset" + labels + " 10.0"), text);
      assertTrue(text.contains("spark_kafka_source_latest_offset" + labels + " 15.0"), text);
      assertTrue(text.contains("spark_kafka_source_partition_status" + labels + " 2.0"), text);
      String queryLabels = "{query=\"orders\",query_id=\"" + ID + "\"}";
      assertTrue(
          text.contains("spark_kafka_source_query_sum_lag_offsets" + queryLabels + " 5.0"), text);
      assertTrue(
          text.contains("spark_kafka_source_query_max_lag_seconds" + queryLabels + " 2.5"), text);
      // Partition 1 has no end offset yet: consumed offset only, no NaN series.
      String p1 = "{partition=\"1\",query=\"orders\",query_id=\"" + ID + "\",topic=\"t\"}";
      assertTrue(text.contains("spark_kafka_source_consumed_offset" + p1 + " 7.0"), text);
      assertFalse(text.contains("spark_kafka_source_lag_offsets" + p1), text);
      assertFalse(text.contains("NaN"), text);

      current.set(List.of());
      String after = scrape(endpoint.port());

      assertFalse(after.contains(ID.toString()), after);
    }
  }

  /** 200 partitions, a cap of 50: the 50 with the largest lag get series; totals stay complete. */
  @Test
  void partitionSeriesAreCappedAndQueryTotalsAreNot() throws Exception {
    List<PartitionLag> partitions = new java.util.ArrayList<>();
    for (int p = 0; p < 200; p++) {
      partitions.add(
          new PartitionLag(
              "wide",
              p,
              0,
              OptionalLong.of(p),
              OptionalLong.of(p),
              OptionalDouble.empty(),
              PartitionStatus.OK));
    }
    QueryLagSnapshot wide =
        new QueryLagSnapshot(ID, UUID.randomUUID(), "wide", Instant.EPOCH, partitions);
    try (PrometheusLagEndpoint endpoint =
        PrometheusLagEndpoint.start("127.0.0.1", 0, () -> List.of(wide), 50)) {
      String text = scrape(endpoint.port());

      List<String> lagSeries =
          text.lines().filter(l -> l.startsWith("spark_kafka_source_lag_offsets{")).toList();
      assertEquals(50, lagSeries.size(), text);
      for (int p = 150; p < 200; p++) {
        assertTrue(text.contains("partition=\"" + p + "\""), "partition " + p + " exported");
      }
      assertFalse(text.contains("partition=\"149\""), text);
      String queryLabels = "{query=\"wide\",query_id=\"" + ID + "\"}";
      long sum = 199L * 200 / 2;
      assertTrue(
          text.contains("spark_kafka_source_query_sum_lag_offsets" + queryLabels + " " + (double) sum),
          text);
      assertTrue(text.contains("spark_kafka_source_query_partitions" + queryLabels + " 200.0"), text);
    }
  }

  @Test
  void sinkOutcomesAreCountersByOutcomeRouteReasonAndRule() throws Exception {
    QueryLagSnapshot q =
        new QueryLagSnapshot(
            ID,
            UUID.randomUUID(),
            "orders",
            Instant.EPOCH,
            List.of(),
            java.util.Map.of(
                "rowsIn", 10L,
                "rowsRouted", 7L,
                "rowsDeadLettered", 2L,
                "rowsDropped", 1L,
                "recordsSent.route.1", 7L,
                "recordsSent.topic.t.eu", 7L,
                "deadLetters.reason.NO_ROUTE", 2L,
                "rule.positive.violations", 3L));
    try (PrometheusLagEndpoint endpoint =
        PrometheusLagEndpoint.start("127.0.0.1", 0, () -> List.of(q))) {
      String text = scrape(endpoint.port());
      String labels = "query=\"orders\",query_id=\"" + ID + "\"";
      assertTrue(text.contains("kafka_routed_sink_rows_total{outcome=\"in\"," + labels + "} 10.0"), text);
      assertTrue(text.contains("kafka_routed_sink_rows_total{outcome=\"dropped\"," + labels + "} 1.0"), text);
      assertTrue(text.contains("kafka_routed_sink_route_records_total{" + labels + ",route=\"1\"} 7.0"), text);
      assertTrue(text.contains("kafka_routed_sink_topic_records_total{" + labels + ",topic=\"t.eu\"} 7.0"), text);
      assertTrue(text.contains("kafka_routed_sink_dead_letters_total{" + labels + ",reason=\"NO_ROUTE\"} 2.0"), text);
      assertTrue(text.contains("kafka_routed_sink_rule_violations_total{" + labels + ",rule=\"positive\"} 3.0"), text);
    }
  }
}
