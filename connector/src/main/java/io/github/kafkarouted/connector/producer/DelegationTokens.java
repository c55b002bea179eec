package io.github.kafkarouted.connector.producer;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.kafka010.KafkaConfigUpdater;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Applies Spark's Kafka delegation tokens to the configuration of one of our Kafka clients exactly
 * as Spark's kafka sink applies them to its producers: through Spark's own {@code
 * KafkaConfigUpdater(...).setAuthenticationConfigIfNeeded()}. When the current user holds a token
 * of a cluster configured as {@code spark.kafka.clusters.<id>.*} whose target-servers regex matches
 * one of the client's {@code bootstrap.servers}, and no JVM-wide JAAS configuration is set, the
 * client logs in with the token: {@code sasl.jaas.config} (SCRAM, {@code tokenauth=true}) and
 * {@code sasl.mechanism} are set, and {@code security.protocol} unless the user set it. Otherwise
 * the configuration is returned unchanged.
 *
 * <p>Called where a client's configuration is leased or read on the executor (the producer pool,
 * a task's Admin settings for the topic directory) and where the driver's topic check creates its
 * Admin, never once on the driver for the executors: tokens are renewed, and a renewed token must
 * reach the next client. Never per row: it reads the user's credentials. The result holds the token's password: it only ever
 * goes to a Kafka client (which hides {@code sasl.jaas.config} in its logs), never into a message.
 *
 * <p>Without Spark running in this JVM, or without Spark's Kafka token provider on the class path
 * (where no Kafka token can have been obtained), nothing is applied. Stateless and thread-safe.
 */
public final class DelegationTokens {

  /** Spark's name for executor-side clients in its token log lines. */
  public static final String EXECUTOR = "executor";

  /** Our name for the driver's clients (the start-time topic check) in Spark's token log lines. */
  public static final String DRIVER = "driver";

  private static final boolean TOKEN_PROVIDER_PRESENT =
      present("org.apache.spark.kafka010.KafkaConfigUpdater");

  private DelegationTokens() {}

  /** {@code config} with the token login of its cluster if there is one, as a new map. */
  public static Map<String, Object> apply(String module, Map<String, ?> config) {
    if (!TOKEN_PROVIDER_PRESENT || SparkEnv.get() == null) {
      return new HashMap<>(config);
    }
    return SparkTokens.apply(module, config);
  }

  /** {@link #apply} for an executor's client. */
  public static Map<String, Object> forExecutor(Map<String, ?> config) {
    return apply(EXECUTOR, config);
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, DelegationTokens.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The calls into Spark's token provider, in a class loaded only when it is there. */
  private static final class SparkTokens {
    static Map<String, Object> apply(String module, Map<String, ?> config) {
      Map<String, Object> copy = new HashMap<>(config);
      scala.collection.immutable.Map<String, Object> params =
          scala.collection.immutable.Map$.MODULE$.from(CollectionConverters.asScala(copy));
      return new HashMap<>(
          new KafkaConfigUpdater(module, params).setAuthenticationConfigIfNeeded().build());
    }
  }
}
