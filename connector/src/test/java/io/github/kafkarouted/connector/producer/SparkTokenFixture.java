package io.github.kafkarouted.connector.producer;

import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;

/**
 * What Spark's own {@code KafkaDelegationTokenTest} sets up: a Kafka delegation token in the current
 * user's credentials and {@code spark.kafka.clusters.<id>.*} in the SparkEnv's configuration. The
 * caller restores the previous SparkEnv.
 */
public final class SparkTokenFixture {

  private SparkTokenFixture() {}

  /**
   * Runs {@code action} as a fresh user holding a token of cluster {@code cluster1} (the kind and
   * service Spark's KafkaTokenUtil gives a Kafka token), so that no other test sees the token.
   */
  public static <T> T asUserWithToken(String tokenId, String tokenPassword, PrivilegedExceptionAction<T> action)
      throws Exception {
    UserGroupInformation user = UserGroupInformation.createRemoteUser("kafka-routed-test");
    user.addToken(
        new Token<TokenIdentifier>(
            tokenId.getBytes(StandardCharsets.UTF_8),
            tokenPassword.getBytes(StandardCharsets.UTF_8),
            new Text("KAFKA_DELEGATION_TOKEN"),
            new Text("kafka.server.delegation.token.cluster1")));
    return user.doAs(action);
  }

  /** Sets a SparkEnv holding only a configuration of these keys and values: all the token lookup reads. */
  public static void setSparkConf(String... keyValues) {
    SparkConf conf = new SparkConf(false);
    for (int i = 0; i < keyValues.length; i += 2) {
      conf.set(keyValues[i], keyValues[i + 1]);
    }
    SparkEnv.set(new SparkEnv("test", null, null, null, null, null, null, null, null, null, null, conf));
  }
}
