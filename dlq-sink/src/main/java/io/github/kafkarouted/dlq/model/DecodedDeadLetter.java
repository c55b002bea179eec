package io.github.kafkarouted.dlq.model;

/**
 * A dead letter read back from a DLQ record, with how it was written and where it sits in the DLQ.
 *
 * @param deadLetter the dead letter; its headers are the original ones, context headers stripped
 * @param format the format it was written in
 * @param style the header style, or null for {@link DeadLetterFormat#JSON}
 * @param truncation non-null when the value was cut; such a dead letter must not be replayed as is
 * @param schemaVersion the schema version it was written with
 * @param dlqTopic the DLQ topic it was read from
 * @param dlqPartition its DLQ partition
 * @param dlqOffset its DLQ offset
 */
public record DecodedDeadLetter(
    DeadLetter deadLetter,
    DeadLetterFormat format,
    HeaderStyle style,
    ValueTruncation truncation,
    int schemaVersion,
    String dlqTopic,
    int dlqPartition,
    long dlqOffset) {

  /** True when the value was cut to fit the DLQ producer's {@code max.request.size}. */
  public boolean valueTruncated() {
    return truncation != null;
  }
}
