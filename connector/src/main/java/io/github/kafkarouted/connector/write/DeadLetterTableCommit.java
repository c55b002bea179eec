package io.github.kafkarouted.connector.write;

import io.github.kafkarouted.connector.plan.DeadLetterSpec;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.dlq.delta.DeltaDeadLetterTable;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The driver's half of {@code dlq.delta.*}, shared by streaming batches and batch writes: appends
 * the staging files the tasks reported to the Delta table once, then removes the staging directory.
 */
final class DeadLetterTableCommit {

  private DeadLetterTableCommit() {}

  /**
   * Does nothing without {@code dlq.delta.*}.
   *
   * @param stagedFiles one entry per task, null for a task without dead letters
   * @param txnAppId Delta's {@code txnAppId} (the query id), or null for a batch write
   * @param txnVersion Delta's {@code txnVersion} (the batch id)
   */
  static void append(
      WriterSpec spec, Stream<String> stagedFiles, String txnAppId, long txnVersion, String stagingId) {
    DeadLetterSpec dlq = spec.deadLetters();
    if (dlq == null || !dlq.toDelta()) {
      return;
    }
    DeltaDeadLetterTable.at(dlq.deltaLocation())
        .appendStaged(
            SparkSession.active(),
            stagedFiles.filter(Objects::nonNull).toList(),
            txnAppId,
            txnVersion,
            stagingId,
            dlq.hadoopConf().value());
  }
}
