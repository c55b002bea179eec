package io.github.kafkarouted.dlq.replay;

import org.apache.spark.sql.SparkSession;

/**
 * Command line for replaying dead letters: {@code spark-submit --class
 * io.github.kafkarouted.dlq.replay.Replay kafka-routed-spark.jar --dlq-topic orders-dlq --bootstrap-servers
 * broker:9092 --reason TOPIC_NOT_FOUND --dry-run}. See {@link ReplayArguments#USAGE}. Exit codes: 0
 * done, 2 bad arguments, 1 the replay failed.
 */
public final class Replay {

  private Replay() {}

  public static void main(String[] args) {
    ReplayArguments parsed;
    try {
      parsed = ReplayArguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(ReplayArguments.USAGE);
      System.exit(2);
      return;
    }
    if (parsed.help()) {
      System.out.println(ReplayArguments.USAGE);
      return;
    }
    SparkSession spark = SparkSession.builder().appName("kafka-routed-replay").getOrCreate();
    try {
      ReplayResult result = parsed.dryRun() ? parsed.replay().dryRun(spark) : parsed.replay().run(spark);
      System.out.println(parsed.replay());
      System.out.println(result);
    } catch (RuntimeException e) {
      System.err.println("replay failed: " + e);
      System.exit(1);
    }
  }
}
