package io.github.kafkarouted.connector.validation.avro;

import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Reads one Avro schema node from the value's bytes, checking it strictly, and stores it as Spark's
 * {@code from_avro} would. One tree per decoder, built once; readers keep no per-value state except
 * where noted, so they are not shared between threads.
 */
abstract class AvroReader {

  /**
   * Reads the node at the cursor.
   *
   * @param out where to store the value (at {@code ordinal}); null to validate only, which
   *     allocates nothing
   */
  abstract void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure;

  /**
   * The fewest bytes any value of this node takes: the bound that keeps an array's declared item
   * count from allocating more than the value's size could hold.
   */
  abstract int minBytes();
}
