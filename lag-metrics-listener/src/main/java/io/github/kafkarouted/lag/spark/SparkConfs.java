package io.github.kafkarouted.lag.spark;

import io.github.kafkarouted.lag.tracking.LagListenerConf;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * Reads what the lag listener needs from a {@link SparkConf}.
 *
 * <p>Stateless and thread-safe.
 */
public final class SparkConfs {

  /** Registry key when Spark has not assigned an application id (never on a started driver). */
  static final String UNKNOWN_APPLICATION = "unknown-application";

  private SparkConfs() {}

  /** The {@code spark.kafkaRouted.lag.*} settings of {@code conf}. */
  public static LagListenerConf lagConf(SparkConf conf) {
    Map<String, String> entries = new HashMap<>();
    for (Tuple2<String, String> kv : conf.getAll()) {
      if (kv._1().regionMatches(true, 0, LagListenerConf.PREFIX, 0, LagListenerConf.PREFIX.length())) {
        entries.put(kv._1(), kv._2());
      }
    }
    return LagListenerConf.from(entries);
  }

  /** {@code spark.app.id}, set by the driver before it creates listeners and plugins. */
  public static String applicationId(SparkConf conf) {
    return conf.getOption("spark.app.id").getOrElse(() -> UNKNOWN_APPLICATION);
  }

  /** The running driver's configuration, or one read from system properties if none runs. */
  public static SparkConf current() {
    SparkEnv env = SparkEnv.get();
    return env != null ? env.conf() : new SparkConf();
  }
}
