package io.github.kafkarouted.connector.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.junit.jupiter.api.Test;

/** Spark's spark.kafka.producer.cache.* settings, read as Spark's kafka sink reads them. */
class ProducerCacheConfTest {

  @Test
  void sparksDefaultsTenMinutesAndOneMinute() {
    assertEquals(new ProducerCacheConf(600_000, 60_000), ProducerCacheConf.from(new SparkConf(false)));
  }

  @Test
  void valuesTakeSparksTimeNotationAndABareNumberIsMilliseconds() {
    SparkConf conf =
        new SparkConf(false)
            .set("spark.kafka.producer.cache.timeout", "30s")
            .set("spark.kafka.producer.cache.evictorThreadRunInterval", "2500");
    assertEquals(new ProducerCacheConf(30_000, 2_500), ProducerCacheConf.from(conf));
    conf.set("spark.kafka.producer.cache.timeout", "2min")
        .set("spark.kafka.producer.cache.evictorThreadRunInterval", "-1");
    assertEquals(new ProducerCacheConf(120_000, -1), ProducerCacheConf.from(conf));
  }

  @Test
  void aValueThatIsNotATimeNamesTheKey() {
    SparkConf conf = new SparkConf(false).set("spark.kafka.producer.cache.timeout", "ten minutes");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ProducerCacheConf.from(conf));
    assertTrue(e.getMessage().contains("spark.kafka.producer.cache.timeout"), e.getMessage());
  }

  @Test
  void theSharedPoolTakesTheSettingsOfThisJvmsSpark() {
    // Without a running Spark, Spark's sink reads them from the spark.* system properties.
    assumeTrue(SparkEnv.get() == null, "a SparkEnv of another test is running");
    System.setProperty("spark.kafka.producer.cache.timeout", "42s");
    try {
      ProducerPool.closeShared();
      assertEquals(42_000, ProducerPool.shared().idleTimeoutMs());
    } finally {
      System.clearProperty("spark.kafka.producer.cache.timeout");
      ProducerPool.closeShared();
    }
  }
}
