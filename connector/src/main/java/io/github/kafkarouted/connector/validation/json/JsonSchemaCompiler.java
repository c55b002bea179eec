package io.github.kafkarouted.connector.validation.json;

import io.github.kafkarouted.connector.validation.json.ContainerReaders.AnyJsonReader;
import io.github.kafkarouted.connector.validation.json.ContainerReaders.ArrayReader;
import io.github.kafkarouted.connector.validation.json.ContainerReaders.MapReader;
import io.github.kafkarouted.connector.validation.json.ScalarReaders.BinaryReader;
import io.github.kafkarouted.connector.validation.json.ScalarReaders.BooleanReader;
import io.github.kafkarouted.connector.validation.json.ScalarReaders.DateReader;
import io.github.kafkarouted.connector.validation.json.ScalarReaders.DecimalReader;
import io.github.kafkarouted.connector.validation.json.ScalarReaders.FloatingReader;
import io.github.kafkarouted.connector.validation.json.ScalarReaders.IntegralReader;
import io.github.kafkarouted.connector.validation.json.ScalarReaders.StringReader;
import io.github.kafkarouted.connector.validation.json.ScalarReaders.TimestampReader;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Set;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VarcharType;
import org.apache.spark.sql.types.VariantType;

/** Turns a Spark schema into readers, rejecting what JSON validation cannot express. */
final class JsonSchemaCompiler {
  private static final String SUPPORTED =
      "string, boolean, tinyint, smallint, int, bigint, float, double, decimal, date, timestamp,"
          + " timestamp_ntz, binary, array, map<string,_>, struct, variant";

  private final boolean allowUnknownFields;
  private final ZoneId sessionZone;

  /** @param sessionZone the zone of timestamps without offset */
  JsonSchemaCompiler(boolean allowUnknownFields, ZoneId sessionZone) {
    this.allowUnknownFields = allowUnknownFields;
    this.sessionZone = sessionZone;
  }

  StructReader compileStruct(StructType struct, String path) {
    StructField[] fields = struct.fields();
    String[] names = new String[fields.length];
    JsonReader[] readers = new JsonReader[fields.length];
    boolean[] nullable = new boolean[fields.length];
    Set<String> declared = new HashSet<>();
    for (int i = 0; i < fields.length; i++) {
      String name = fields[i].name();
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      if (!declared.add(name)) {
        throw JsonText.schemaError("field '" + fieldPath + "' is declared more than once");
      }
      names[i] = name;
      readers[i] = compile(fields[i].dataType(), fieldPath);
      nullable[i] = fields[i].nullable();
    }
    return new StructReader(names, readers, nullable, allowUnknownFields);
  }

  private JsonReader compile(DataType type, String path) {
    if (type instanceof StructType struct) {
      return compileStruct(struct, path);
    }
    if (type instanceof ArrayType array) {
      return new ArrayReader(compile(array.elementType(), path + "[]"), array.containsNull());
    }
    if (type instanceof MapType map) {
      if (!(map.keyType() instanceof StringType)) {
        throw JsonText.schemaError(
            "field '"
                + path
                + "' has type "
                + type.simpleString()
                + ", but JSON object keys are strings: use map<string,_>");
      }
      return new MapReader(compile(map.valueType(), path + "[]"), map.valueContainsNull());
    }
    if (type instanceof VariantType) {
      return AnyJsonReader.INSTANCE;
    }
    JsonReader scalar = compileScalar(type);
    if (scalar == null) {
      throw JsonText.schemaError(
          "field '"
              + path
              + "' has type "
              + type.simpleString()
              + ", which JSON validation does not support (supported: "
              + SUPPORTED
              + ")");
    }
    return scalar;
  }

  private JsonReader compileScalar(DataType type) {
    if (type instanceof StringType || type instanceof VarcharType || type instanceof CharType) {
      return new StringReader();
    }
    if (type instanceof DecimalType decimal) {
      return new DecimalReader(decimal.precision(), decimal.scale());
    }
    if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return new TimestampReader(type instanceof TimestampType, sessionZone);
    }
    return compileFixedScalar(type);
  }

  private static JsonReader compileFixedScalar(DataType type) {
    if (type instanceof BooleanType) {
      return new BooleanReader();
    } else if (type instanceof ByteType) {
      return new IntegralReader("tinyint", Byte.BYTES, Byte.MIN_VALUE, Byte.MAX_VALUE);
    } else if (type instanceof ShortType) {
      return new IntegralReader("smallint", Short.BYTES, Short.MIN_VALUE, Short.MAX_VALUE);
    } else if (type instanceof IntegerType) {
      return new IntegralReader("int", Integer.BYTES, Integer.MIN_VALUE, Integer.MAX_VALUE);
    } else if (type instanceof LongType) {
      return new IntegralReader("bigint", Long.BYTES, Long.MIN_VALUE, Long.MAX_VALUE);
    } else if (type instanceof FloatType || type instanceof DoubleType) {
      return new FloatingReader(type instanceof FloatType);
    } else if (type instanceof DateType) {
      return new DateReader();
    } else if (type instanceof BinaryType) {
      return new BinaryReader();
    }
    return null;
  }
}
