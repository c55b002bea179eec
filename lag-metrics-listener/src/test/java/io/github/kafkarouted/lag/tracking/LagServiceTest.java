package io.github.kafkarouted.lag.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.lag.tracking.ProgressReport.SourceReport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The service as the listeners use it: real poller thread, real HTTP endpoint, fake brokers. */
class LagServiceTest {

  @Test
  void eventsPolledOffsetsAndScrapeFitTogether() throws Exception {
    FakeBrokers brokers = new FakeBrokers();
    FakeInspector inspector = new FakeInspector();
    UUID id = UUID.randomUUID();
    UUID run = UUID.randomUUID();
    inspector.found(id, false, Map.of("subscribe", "t", "kafka.bootstrap.servers", "b1:9092"));
    brokers.setEnd("b1:9092", "t", 0, 42);
    LagListenerConf conf =
        LagListenerConf.from(
            Map.of(
                LagListenerConf.POLL_INTERVAL, "100ms",
                LagListenerConf.PROMETHEUS_PORT, "0",
                LagListenerConf.PROMETHEUS_HOST, "127.0.0.1"));

    try (LagService service =
        LagService.start(conf, java.time.InstantSource.system(), brokers, inspector)) {
      service.queryStarted(id, run, "q1");
      service.progressMade(
          new ProgressReport(
              id,
              run,
              "q1",
              0,
              List.of(
                  new SourceReport(
                      "KafkaV2[Subscribe[t]]", null, "{\"t\":{\"0\":40}}", "{\"t\":{\"0\":40}}"))));

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      OptionalLong lag = OptionalLong.empty();
      while (System.nanoTime() < deadline) {
        lag = service.snapshot(id).orElseThrow().partitions().get(0).lagOffsets();
        if (lag.equals(OptionalLong.of(2))) {
          break;
        }
        Thread.sleep(20);
      }
      assertEquals(OptionalLong.of(2), lag, "lag from the broker's end offset");

      String text =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + service.prometheusPort().getAsInt()
                                  + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertTrue(
          text.contains(
              "spark_kafka_source_lag_offsets{partition=\"0\",query=\"q1\",query_id=\""
                  + id
                  + "\",topic=\"t\"} 2.0"),
          text);

      service.queryTerminated(id, run);
      assertTrue(service.snapshot(id).isEmpty());
    }
    assertTrue(brokers.closed, "closing the service closes its broker clients");
  }
}
