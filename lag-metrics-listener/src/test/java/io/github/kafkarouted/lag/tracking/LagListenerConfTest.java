package io.github.kafkarouted.lag.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class LagListenerConfTest {

  @Test
  void defaults() {
    LagListenerConf conf = LagListenerConf.defaults();

    assertEquals(Duration.ofSeconds(10), conf.pollInterval());
    assertEquals(Duration.ofSeconds(5), conf.adminTimeout());
    assertEquals(OptionalInt.empty(), conf.prometheusPort());
    assertEquals(Optional.empty(), conf.prometheusHost());
    assertEquals(60, conf.lookupTableSize());
    assertEquals(5, conf.statusWindow());
    assertEquals(Duration.ofMinutes(2), conf.stopAfter());
    assertEquals(Optional.empty(), conf.commitGroupId());
    assertTrue(conf.kafkaOverrides().isEmpty());
  }

  @Test
  void valuesAreReadInSparksNotation() {
    LagListenerConf conf =
        LagListenerConf.from(
            Map.of(
                "spark.kafkaRouted.lag.pollInterval", "500ms",
                "spark.kafkaRouted.lag.status.stopAfter", "3min",
                "spark.kafkaRouted.lag.prometheus.port", "9464",
                "spark.kafkaRouted.lag.commitGroupId", "spark-lag",
                "spark.other.setting", "ignored"));

    assertEquals(Duration.ofMillis(500), conf.pollInterval());
    assertEquals(Duration.ofMinutes(3), conf.stopAfter());
    assertEquals(OptionalInt.of(9464), conf.prometheusPort());
    assertEquals(Optional.of("spark-lag"), conf.commitGroupId());
  }

  @Test
  void bareNumberIsMilliseconds() {
    LagListenerConf conf = LagListenerConf.from(Map.of(LagListenerConf.POLL_INTERVAL, "2500"));

    assertEquals(Duration.ofMillis(2500), conf.pollInterval());
  }

  @Test
  void keysAreMatchedCaseInsensitively() {
    LagListenerConf conf =
        LagListenerConf.from(Map.of("spark.kafkarouted.lag.POLLINTERVAL", "1s"));

    assertEquals(Duration.ofSeconds(1), conf.pollInterval());
  }

  @Test
  void kafkaSettingsBecomeAdminOverridesWithoutPrefix() {
    LagListenerConf conf =
        LagListenerConf.from(
            Map.of(
                "spark.kafkaRouted.lag.kafka.bootstrap.servers", "b:9092",
                "spark.kafkaRouted.lag.kafka.security.protocol", "SASL_SSL"));

    assertEquals(
        Map.of("bootstrap.servers", "b:9092", "security.protocol", "SASL_SSL"),
        conf.kafkaOverrides());
  }

  @Test
  void badDurationNamesKeyAndValue() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> LagListenerConf.from(Map.of(LagListenerConf.POLL_INTERVAL, "soon")));

    assertTrue(e.getMessage().contains(LagListenerConf.POLL_INTERVAL), e.getMessage());
    assertTrue(e.getMessage().contains("soon"), e.getMessage());
  }

  @Test
  void tooShortPollIntervalIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> LagListenerConf.from(Map.of(LagListenerConf.POLL_INTERVAL, "10ms")));

    assertTrue(e.getMessage().contains("at least 100ms"), e.getMessage());
  }

  @Test
  void portOutOfRangeIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> LagListenerConf.from(Map.of(LagListenerConf.PROMETHEUS_PORT, "70000")));

    assertTrue(e.getMessage().contains(LagListenerConf.PROMETHEUS_PORT), e.getMessage());
  }

  @Test
  void windowBelowTwoIsRefused() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> LagListenerConf.from(Map.of(LagListenerConf.STATUS_WINDOW, "1")));

    assertTrue(e.getMessage().contains(LagListenerConf.STATUS_WINDOW), e.getMessage());
  }

  @Test
  void documentationListsEverySetting() {
    String doc = LagListenerConf.documentation();

    for (String name : LagListenerConf.DEFINITION.names()) {
      assertTrue(doc.contains(name), name);
    }
  }
}
