package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.plan.RecordLayout;
import io.github.kafkarouted.connector.plan.WriterSpec;
import io.github.kafkarouted.connector.validation.ValueDecoder;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.BinaryType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Evaluates one input row into the {@link ProjectedRow} that the dispatcher reads: one compiled
 * projection computes the record fields, every route condition and every topic expression in one
 * pass. With a value format ({@code validation.schema}), the value is decoded first, exactly once:
 * an invalid value stops there (its route expressions never run), a valid one is appended to the
 * row as the decoded column that route expressions read ({@code data.*}).
 *
 * <p>One per task; not thread-safe. The view is reused from row to row.
 */
final class RowEvaluator {

  /** What became of the last row. */
  enum Result {
    /** Evaluated: dispatch the view. */
    ROUTABLE,
    /** The value failed validation ({@link #problem()}); the view holds the record fields. */
    INVALID_VALUE,
    /** A route expression threw ({@link #routeError()}); the view holds the record fields. */
    ROUTE_ERROR
  }

  private final WriterSpec spec;
  private final int partitionId;
  private final UnsafeProjection all;
  private final ProjectedRow view;
  private final ValueDecoder decoder;
  /** The input column holding the value bytes as they are, or -1 if the value is computed. */
  private final int valueColumn;
  private UnsafeProjection valueOnly;
  private UnsafeProjection recordFields;
  private final JoinedRow inputAndDecoded = new JoinedRow();
  private final GenericInternalRow decodedColumn = new GenericInternalRow(1);
  private String problem;
  private RuntimeException routeError;

  /** @param decoder the value format's decoder, or null when values are not validated */
  RowEvaluator(WriterSpec spec, int partitionId, ValueDecoder decoder) {
    this.spec = spec;
    this.partitionId = partitionId;
    this.decoder = decoder;
    this.all = compile(spec.outputExpressions());
    this.view = new ProjectedRow(spec);
    this.valueColumn = decoder == null ? -1 : directValueColumn(spec);
  }

  Result evaluate(InternalRow input) {
    if (decoder == null) {
      return project(input, null);
    }
    byte[] value = value(input);
    problem = decoder.decode(value);
    if (problem != null) {
      view.reset(recordFields().apply(input), value);
      return Result.INVALID_VALUE;
    }
    decodedColumn.update(0, decoder.decoded());
    return project(inputAndDecoded.apply(input, decodedColumn), value);
  }

  private Result project(InternalRow row, byte[] value) {
    InternalRow projected;
    try {
      projected = all.apply(row);
    } catch (RuntimeException e) {
      routeError = e;
      // Record fields never fail to evaluate: only route expressions can.
      InternalRow input = row == inputAndDecoded ? inputAndDecoded.getLeft() : row;
      view.reset(recordFields().apply(input), value);
      return Result.ROUTE_ERROR;
    }
    view.reset(projected, value);
    return Result.ROUTABLE;
  }

  ProjectedRow view() {
    return view;
  }

  String problem() {
    return problem;
  }

  RuntimeException routeError() {
    return routeError;
  }

  /** The value bytes of {@code input}: read from its column when they are one, else computed. */
  private byte[] value(InternalRow input) {
    if (valueColumn >= 0) {
      return input.isNullAt(valueColumn) ? null : input.getBinary(valueColumn);
    }
    if (valueOnly == null) {
      valueOnly = compile(new Expression[] {spec.outputExpressions()[RecordLayout.VALUE]});
    }
    InternalRow row = valueOnly.apply(input);
    return row.isNullAt(0) ? null : row.getBinary(0);
  }

  private UnsafeProjection recordFields() {
    if (recordFields == null) {
      recordFields = compile(Arrays.copyOf(spec.outputExpressions(), RecordLayout.FIELDS));
    }
    return recordFields;
  }

  /**
   * The ordinal of the binary input column that the value is, as it is (Spark's Kafka source gives
   * one), so that decoding reads it without a projection; -1 otherwise.
   */
  private static int directValueColumn(WriterSpec spec) {
    Expression value = spec.outputExpressions()[RecordLayout.VALUE];
    if (value instanceof Cast cast && cast.child().dataType() instanceof BinaryType) {
      value = cast.child();
    }
    if (!(value instanceof Attribute attribute) || !(attribute.dataType() instanceof BinaryType)) {
      return -1;
    }
    Attribute[] input = spec.inputAttributes();
    for (int i = 0; i < input.length; i++) {
      if (input[i].exprId().equals(attribute.exprId())) {
        return i;
      }
    }
    return -1;
  }

  private UnsafeProjection compile(Expression[] expressions) {
    UnsafeProjection p =
        UnsafeProjection.create(
            CollectionConverters.asScala(Arrays.asList(expressions)).toList(),
            CollectionConverters.asScala(Arrays.asList(spec.inputAttributes())).toList());
    // Non-deterministic expressions (rand(), ...) need their per-partition seed.
    p.initialize(partitionId);
    return p;
  }
}
