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
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataTypes;
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
  /** The input columns holding the key and value bytes as they are, or -1 if they are computed. */
  private final int keyColumn;
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
    this.keyColumn = directBinaryColumn(spec, RecordLayout.KEY);
    this.valueColumn = directBinaryColumn(spec, RecordLayout.VALUE);
    this.all = compile(withoutDirectColumns(spec.outputExpressions()));
    this.view = new ProjectedRow(spec);
  }

  /**
   * Key and value that are input columns as they are are read from the input row, once, into the
   * byte arrays the records get: projecting them too would copy them twice more.
   */
  private Expression[] withoutDirectColumns(Expression[] expressions) {
    if (keyColumn >= 0) {
      expressions[RecordLayout.KEY] = Literal.create(null, DataTypes.BinaryType);
    }
    if (valueColumn >= 0) {
      expressions[RecordLayout.VALUE] = Literal.create(null, DataTypes.BinaryType);
    }
    return expressions;
  }

  Result evaluate(InternalRow input) {
    if (decoder == null) {
      return project(input, input, null);
    }
    byte[] value = value(input);
    problem = decoder.decode(value);
    if (problem != null) {
      resetView(recordFields().apply(input), input, value);
      return Result.INVALID_VALUE;
    }
    decodedColumn.update(0, decoder.decoded());
    return project(input, inputAndDecoded.apply(input, decodedColumn), value);
  }

  /**
   * Evaluates {@code row} (the input, or the input and its decoded value) into the view; {@code
   * valueRead} is the value when it was already read for decoding, else null.
   */
  private Result project(InternalRow input, InternalRow row, byte[] valueRead) {
    InternalRow projected;
    try {
      projected = all.apply(row);
    } catch (RuntimeException e) {
      routeError = e;
      // Record fields never fail to evaluate: only route expressions can.
      resetView(recordFields().apply(input), input, valueRead);
      return Result.ROUTE_ERROR;
    }
    resetView(projected, input, valueRead);
    return Result.ROUTABLE;
  }

  /** Points the view at {@code projected}, with the key and value read from {@code input} directly when they are columns. */
  private void resetView(InternalRow projected, InternalRow input, byte[] valueRead) {
    view.reset(projected);
    if (keyColumn >= 0) {
      view.giveKey(input.isNullAt(keyColumn) ? null : input.getBinary(keyColumn));
    }
    if (valueRead != null) {
      view.giveValue(valueRead);
    } else if (valueColumn >= 0) {
      view.giveValue(input.isNullAt(valueColumn) ? null : input.getBinary(valueColumn));
    }
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
    // A computed value (cast from a string column, value.format=json) is projected twice, here and
    // in the full projection: the price of decoding before routing, paid only by such inputs.
    InternalRow row = valueOnly.apply(input);
    return row.isNullAt(0) ? null : row.getBinary(0);
  }

  private UnsafeProjection recordFields() {
    if (recordFields == null) {
      recordFields = compile(Arrays.copyOf(withoutDirectColumns(spec.outputExpressions()), RecordLayout.FIELDS));
    }
    return recordFields;
  }

  /**
   * The ordinal of the binary input column that record field {@code field} (key or value) is, as it
   * is (Spark's Kafka source gives them), so that it is read without a projection; -1 otherwise.
   */
  private static int directBinaryColumn(WriterSpec spec, int field) {
    Expression value = spec.outputExpressions()[field];
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
