package io.github.kafkarouted.connector.producer;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * How long the executor's {@link ProducerPool} keeps an unused producer and how often it looks for
 * one: Spark's own {@code spark.kafka.producer.cache.*} settings, read exactly as Spark's kafka
 * sink reads them for its producer cache (same keys, defaults and time notation, from the
 * executor's Spark configuration), so that one setting tunes both sinks.
 *
 * <p>Immutable; the pool takes the values, so it is tested without Spark.
 *
 * @param timeoutMs how long a producer no task uses is kept (non-positive: closed at the next run)
 * @param evictorIntervalMs time between runs of the idle evictor; non-positive: no evictor runs
 */
public record ProducerCacheConf(long timeoutMs, long evictorIntervalMs) {

  public static final String TIMEOUT = "spark.kafka.producer.cache.timeout";
  static final String TIMEOUT_DOC = "The expire time to remove the unused producers.";
  static final String TIMEOUT_DEFAULT = "10m";

  public static final String EVICTOR_INTERVAL = "spark.kafka.producer.cache.evictorThreadRunInterval";
  static final String EVICTOR_INTERVAL_DOC =
      "The interval of time between runs of the idle evictor thread for producer pool. When"
          + " non-positive, no idle evictor thread will be run.";
  static final String EVICTOR_INTERVAL_DEFAULT = "1m";

  /**
   * The settings of {@code conf}. Values take Spark's time notation ({@code 30s}, {@code 10m}; a
   * bare number is milliseconds).
   *
   * @throws IllegalArgumentException naming the key, for a value that is not a time
   */
  public static ProducerCacheConf from(SparkConf conf) {
    return new ProducerCacheConf(
        conf.getTimeAsMs(TIMEOUT, TIMEOUT_DEFAULT),
        conf.getTimeAsMs(EVICTOR_INTERVAL, EVICTOR_INTERVAL_DEFAULT));
  }

  /**
   * The settings of this JVM's Spark (the executor's, or the driver's in local mode), or of the
   * {@code spark.*} system properties where no Spark runs: where Spark's kafka sink reads them.
   */
  public static ProducerCacheConf current() {
    SparkEnv env = SparkEnv.get();
    return from(env != null ? env.conf() : new SparkConf());
  }
}
