package io.github.kafkarouted.connector.validation.avro;

import io.github.kafkarouted.connector.validation.avro.AvroContainers.ArrayReader;
import io.github.kafkarouted.connector.validation.avro.AvroContainers.MapReader;
import io.github.kafkarouted.connector.validation.avro.AvroContainers.RecordReader;
import io.github.kafkarouted.connector.validation.avro.AvroContainers.UnionReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.BinaryReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.BooleanReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.DecimalReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.DoubleReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.EnumReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.FloatReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.IntAsLongReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.IntReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.LongReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.NullReader;
import io.github.kafkarouted.connector.validation.avro.AvroScalars.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimeType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Maps an Avro schema to the Spark type that {@code from_avro} gives it (the running Spark's {@code
 * SchemaConverters.toSqlType} with default options: 4.1 and 4.2 differ on {@code time-micros}) and builds the reader of each node. A schema
 * that {@code from_avro} refuses, or whose values could not be bounded, is refused here with an
 * {@link IllegalArgumentException} naming the option it came from.
 */
final class AvroSchemaCompiler {

  /**
   * Spark 4.2's {@code from_avro} reads {@code time-micros} as {@code TIME(6)}; Spark 4.1's as
   * {@code BIGINT}. {@code data} must be what {@code from_avro} gives on the Spark that runs it.
   */
  static final boolean TIME_MICROS_AS_TIME = atLeast(org.apache.spark.package$.MODULE$.SPARK_VERSION(), 4, 2);

  /** Whether the {@code major.minor...} version is at least {@code major.minor}. */
  static boolean atLeast(String version, int major, int minor) {
    String[] parts = version.split("[.-]");
    int ma = Integer.parseInt(parts[0]);
    int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    return ma > major || (ma == major && mi >= minor);
  }

  /** The Spark type, its nullability, and the reader of one schema node. */
  record Node(DataType type, boolean nullable, AvroReader reader) {}

  /** Spark's own property for Avro written from Spark types with no Avro equivalent. */
  private static final String CATALYST_TYPE_PROP = "spark.sql.catalyst.type";

  private final String option;
  private final Deque<String> recordsOnPath = new ArrayDeque<>();

  AvroSchemaCompiler(String option) {
    this.option = option;
  }

  /** The root: a record, whose fields become the top-level fields of the decoded {@code data}. */
  Node compileRoot(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw refuse("", "the top-level schema must be a record (its fields are those of the decoded"
          + " value), not " + schema.getType().getName());
    }
    if (schema.getFields().isEmpty()) {
      throw refuse("", "the top-level record must declare at least one field");
    }
    return compile(schema, "");
  }

  Node compile(Schema schema, String path) {
    return switch (schema.getType()) {
      case NULL -> new Node(DataTypes.NullType, true, new NullReader());
      case BOOLEAN -> new Node(DataTypes.BooleanType, false, new BooleanReader());
      case INT -> intNode(schema, path);
      case LONG -> longNode(schema, path);
      case FLOAT -> new Node(DataTypes.FloatType, false, new FloatReader());
      case DOUBLE -> new Node(DataTypes.DoubleType, false, new DoubleReader(false));
      case STRING -> new Node(DataTypes.StringType, false, new StringReader());
      case ENUM -> enumNode(schema);
      case BYTES -> binaryNode(schema, -1, path);
      case FIXED -> binaryNode(schema, schema.getFixedSize(), path);
      case RECORD -> recordNode(schema, path);
      case ARRAY -> arrayNode(schema, path);
      case MAP -> {
        Node value = compile(schema.getValueType(), path + "[value]");
        yield new Node(
            DataTypes.createMapType(DataTypes.StringType, value.type(), value.nullable()),
            false,
            new MapReader(value.reader()));
      }
      case UNION -> unionNode(schema, path);
    };
  }

  private Node intNode(Schema schema, String path) {
    noCatalystType(schema, path);
    if (schema.getLogicalType() instanceof LogicalTypes.Date) {
      return new Node(DataTypes.DateType, false, new IntReader());
    }
    return new Node(DataTypes.IntegerType, false, new IntReader());
  }

  private Node longNode(Schema schema, String path) {
    noCatalystType(schema, path);
    LogicalType logical = schema.getLogicalType();
    if ("custom-decimal".equals(schema.getProp(LogicalType.LOGICAL_TYPE_PROP))) {
      throw refuse(path, "Spark's custom-decimal on long is not supported");
    }
    if (logical instanceof LogicalTypes.TimestampMillis) {
      return new Node(DataTypes.TimestampType, false, new LongReader(1000, "timestamp-millis"));
    }
    if (logical instanceof LogicalTypes.TimestampMicros) {
      return new Node(DataTypes.TimestampType, false, new LongReader(1, "timestamp-micros"));
    }
    if (logical instanceof LogicalTypes.LocalTimestampMillis) {
      return new Node(DataTypes.TimestampNTZType, false, new LongReader(1000, "local-timestamp-millis"));
    }
    if (logical instanceof LogicalTypes.LocalTimestampMicros) {
      return new Node(DataTypes.TimestampNTZType, false, new LongReader(1, "local-timestamp-micros"));
    }
    if (logical instanceof LogicalTypes.TimeMicros && TIME_MICROS_AS_TIME) {
      // TIME(6) holds nanoseconds of the day, as Spark 4.2's from_avro converts them.
      return new Node(new TimeType(TimeType.MICROS_PRECISION()), false, new LongReader(1000, "time-micros"));
    }
    // Any other logical type on long (timestamp-nanos, and time-micros before Spark 4.2) is a
    // plain BIGINT in from_avro too.
    return new Node(DataTypes.LongType, false, new LongReader(1, "long"));
  }

  private Node enumNode(Schema schema) {
    List<String> names = schema.getEnumSymbols();
    UTF8String[] symbols = new UTF8String[names.size()];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = UTF8String.fromString(names.get(i));
    }
    return new Node(DataTypes.StringType, false, new EnumReader(symbols));
  }

  private Node binaryNode(Schema schema, int fixedSize, String path) {
    if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
      if (decimal.getPrecision() > DecimalType.MAX_PRECISION()) {
        throw refuse(path, "decimal precision " + decimal.getPrecision() + " is above Spark's "
            + DecimalType.MAX_PRECISION());
      }
      return new Node(
          DataTypes.createDecimalType(decimal.getPrecision(), decimal.getScale()),
          false,
          new DecimalReader(fixedSize, decimal.getPrecision(), decimal.getScale()));
    }
    return new Node(DataTypes.BinaryType, false, new BinaryReader(fixedSize));
  }

  private Node recordNode(Schema schema, String path) {
    if (recordsOnPath.contains(schema.getFullName())) {
      throw refuse(path, "record " + schema.getFullName() + " refers to itself (recursive schemas"
          + " are refused, as from_avro refuses them by default)");
    }
    recordsOnPath.push(schema.getFullName());
    List<Schema.Field> avroFields = schema.getFields();
    String[] names = new String[avroFields.size()];
    AvroReader[] readers = new AvroReader[names.length];
    StructField[] fields = new StructField[names.length];
    for (int i = 0; i < names.length; i++) {
      Schema.Field f = avroFields.get(i);
      Node node = compile(f.schema(), path.isEmpty() ? f.name() : path + "." + f.name());
      names[i] = f.name();
      readers[i] = node.reader();
      fields[i] = DataTypes.createStructField(f.name(), node.type(), node.nullable());
    }
    recordsOnPath.pop();
    return new Node(DataTypes.createStructType(fields), false, new RecordReader(names, readers));
  }

  private Node arrayNode(Schema schema, String path) {
    Node element = compile(schema.getElementType(), path + "[]");
    if (element.reader().minBytes() == 0) {
      // A block count could then claim billions of items in a few bytes: nothing bounds them.
      throw refuse(path, "array items that take no bytes (null, a record without fields) are not"
          + " supported");
    }
    return new Node(ArrayType.apply(element.type(), element.nullable()), false, new ArrayReader(element.reader()));
  }

  private Node unionNode(Schema schema, String path) {
    List<Schema> branches = schema.getTypes();
    List<Schema> nonNull = new ArrayList<>();
    for (Schema b : branches) {
      if (b.getType() != Schema.Type.NULL) {
        nonNull.add(b);
      }
    }
    if (nonNull.isEmpty()) {
      throw refuse(path, "a union of only null is not supported");
    }
    AvroReader[] byBranch = new AvroReader[branches.size()];
    int[] members = null;
    DataType type;
    boolean nullable = nonNull.size() < branches.size();
    EnumSet<Schema.Type> kinds = EnumSet.noneOf(Schema.Type.class);
    nonNull.forEach(b -> kinds.add(b.getType()));
    if (nonNull.size() == 1) {
      Node only = compile(nonNull.get(0), path);
      type = only.type();
      nullable |= only.nullable();
      fill(byBranch, branches, b -> only.reader());
    } else if (nonNull.size() == 2 && kinds.equals(EnumSet.of(Schema.Type.INT, Schema.Type.LONG))) {
      // Spark reads the raw numbers here, whatever logical types the branches carry.
      type = DataTypes.LongType;
      fill(byBranch, branches,
          b -> b.getType() == Schema.Type.INT ? new IntAsLongReader() : new LongReader(1, "long"));
    } else if (nonNull.size() == 2 && kinds.equals(EnumSet.of(Schema.Type.FLOAT, Schema.Type.DOUBLE))) {
      type = DataTypes.DoubleType;
      fill(byBranch, branches, b -> new DoubleReader(b.getType() == Schema.Type.FLOAT));
    } else {
      members = new int[branches.size()];
      StructField[] fields = new StructField[nonNull.size()];
      int m = 0;
      for (int i = 0; i < branches.size(); i++) {
        if (branches.get(i).getType() == Schema.Type.NULL) {
          members[i] = -1;
          continue;
        }
        Node node = compile(branches.get(i), path + ".member" + m);
        byBranch[i] = node.reader();
        members[i] = m;
        // Every member is nullable: only one of them is set at a time.
        fields[m] = DataTypes.createStructField("member" + m, node.type(), true);
        m++;
      }
      type = DataTypes.createStructType(fields);
    }
    return new Node(type, nullable, new UnionReader(byBranch, members, nonNull.size()));
  }

  private static void fill(
      AvroReader[] byBranch, List<Schema> branches, java.util.function.Function<Schema, AvroReader> reader) {
    for (int i = 0; i < byBranch.length; i++) {
      Schema b = branches.get(i);
      byBranch[i] = b.getType() == Schema.Type.NULL ? null : reader.apply(b);
    }
  }

  private void noCatalystType(Schema schema, String path) {
    if (schema.getProp(CATALYST_TYPE_PROP) != null) {
      throw refuse(path, "the property " + CATALYST_TYPE_PROP + "=" + schema.getProp(CATALYST_TYPE_PROP)
          + " (a Spark interval written as Avro) is not supported");
    }
  }

  IllegalArgumentException refuse(String path, String problem) {
    return new IllegalArgumentException(
        "Option '" + option + "': " + (path.isEmpty() ? "" : "field '" + path + "': ") + problem + ".");
  }
}
