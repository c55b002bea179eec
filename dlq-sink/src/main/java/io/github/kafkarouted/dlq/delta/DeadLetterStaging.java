package io.github.kafkarouted.dlq.delta;

import java.util.UUID;

/**
 * Where the dead letters of a batch wait between the tasks that write them and the driver that
 * appends them to the Delta table: {@code <table location>/_kafka_routed_staging/<query id>/<batch
 * id>/part-<partition>-<task attempt>-<random>.jsonl}. The leading underscore keeps Delta (and its
 * VACUUM) away from them. A batch's directory is deleted once its dead letters are in the table,
 * together with the files of failed task attempts, which are never appended: the driver appends
 * only the files named in the tasks' commit messages. Stateless.
 */
public final class DeadLetterStaging {

  /** Directory under the table location. */
  public static final String DIRECTORY = "_kafka_routed_staging";

  private DeadLetterStaging() {}

  /** The staging directory of one batch of one query. */
  public static String batchDirectory(String tableLocation, String queryId, long batchId) {
    return stripSlash(tableLocation) + "/" + DIRECTORY + "/" + queryId + "/" + batchId;
  }

  /** A fresh file name for one task attempt. */
  public static String fileName(int partitionId, long taskAttemptId) {
    return "part-" + partitionId + "-" + taskAttemptId + "-" + UUID.randomUUID().toString().substring(0, 8) + ".jsonl";
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
