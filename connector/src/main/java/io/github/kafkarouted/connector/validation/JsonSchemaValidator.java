package io.github.kafkarouted.connector.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.github.kafkarouted.connector.config.SinkOptions;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

/**
 * Strict check that a Kafka record value is a UTF-8 JSON object matching a Spark schema: the
 * implementation of the sink's {@code validation.schema} and {@code validation.allowUnknownFields}
 * options. Unlike {@code from_json}, which turns a half-parsed record into nulls, a value either
 * parses completely into the schema or is rejected with a short message naming the field path
 * ({@code user.id}, {@code tags[2]}, {@code attrs["k"]}).
 *
 * <p>Rules:
 *
 * <ul>
 *   <li>The value must be non-empty, valid UTF-8 (no byte order mark, no NUL byte), hold exactly
 *       one JSON object and nothing after it but whitespace. Malformed JSON is reported with its
 *       line and column.
 *   <li>A field missing from the JSON, or JSON {@code null}, is fine when the schema field is
 *       nullable and invalid when it is {@code NOT NULL}. Array elements and map values follow
 *       {@code containsNull} / {@code valueContainsNull}.
 *   <li>{@code STRING} (also {@code CHAR}/{@code VARCHAR}, length not checked, and collated
 *       strings) takes only a JSON string; {@code BOOLEAN} only {@code true}/{@code false}.
 *   <li>{@code TINYINT}, {@code SMALLINT}, {@code INT}, {@code BIGINT} take only a JSON number in
 *       integer syntax within the type's range: no fraction and no exponent, not even {@code 1.0}
 *       or {@code 1e2}, because Spark's JSON reader reads integral types from integer tokens only.
 *   <li>{@code FLOAT}, {@code DOUBLE} take any JSON number that is finite in that type ({@code
 *       1e400} is rejected for {@code DOUBLE}, {@code 1e39} for {@code FLOAT}).
 *   <li>{@code DECIMAL(p,s)} takes a JSON number that fits without rounding: at most {@code s}
 *       significant fractional digits and at most {@code p-s} integer digits.
 *   <li>{@code DATE} takes a string {@code yyyy-MM-dd} naming a real calendar day.
 *   <li>{@code TIMESTAMP} takes only an ISO-8601 string {@code yyyy-MM-ddTHH:mm:ss[.f]} (seconds
 *       required, 1 to 9 fraction digits, upper-case {@code T}) with an optional offset {@code Z},
 *       {@code +HH}, {@code +HHmm} or {@code +HH:mm}; a string without offset means the session
 *       time zone downstream. Epoch numbers are rejected. {@code TIMESTAMP_NTZ} takes the same
 *       strings without offset, as Spark refuses a zone there. Every accepted string is one that
 *       Spark's JSON reader parses (it refuses, for example, {@code 10:15Z} without seconds).
 *   <li>{@code BINARY} takes a base64 string, decoded with Jackson's default variant as Spark does.
 *   <li>{@code ARRAY<T>} takes a JSON array; {@code MAP<STRING,T>} a JSON object whose values are
 *       {@code T}; {@code STRUCT<...>} a JSON object checked recursively under the same rules.
 *   <li>{@code VARIANT} takes any JSON value, including {@code null} (a variant null, as in Spark),
 *       so a {@code NOT NULL} variant field must only be present.
 *   <li>Field names are case-sensitive, as in JSON: {@code "User"} does not match {@code user}.
 *       Fields the schema does not declare are skipped when {@code allowUnknownFields}, else the
 *       value is invalid; either way their content must be well-formed JSON.
 *   <li>A key that appears twice in any object (including inside unknown fields and variants) makes
 *       the value invalid.
 * </ul>
 *
 * <p>Any other type ({@code TIME}, intervals, maps with non-string keys, ...) is rejected when the
 * validator is built, with an {@link IllegalArgumentException} naming the option.
 *
 * <p>Thread-safety: immutable and safe to share; {@link #validate} keeps its state on the stack.
 * Per valid value it allocates the Jackson parser and little else: a scratch array for structs of
 * more than 64 fields, a small name set per map or object with unknown fields, and the decoded
 * number or bytes for {@code DECIMAL} and {@code BINARY}. Messages are built only on failure.
 * Serializable: only the schema and the flag are written; the compiled checkers and the {@link
 * JsonFactory} are rebuilt on deserialization.
 */
public final class JsonSchemaValidator implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Longest piece of an offending value (or of Jackson's message) quoted in a message. */
  private static final int MAX_QUOTED_CHARS = 40;

  private static final int MAX_DETAIL_CHARS = 160;

  private final StructType schema;
  private final boolean allowUnknownFields;
  private final transient StructChecker root;
  private final transient JsonFactory jsonFactory;

  private JsonSchemaValidator(StructType schema, boolean allowUnknownFields) {
    this.schema = schema;
    this.allowUnknownFields = allowUnknownFields;
    this.root = new SchemaCompiler(allowUnknownFields).compileStruct(schema, "");
    // Defaults are the strict JSON grammar: no comments, NaN, single quotes or leading zeros.
    this.jsonFactory = JsonFactory.builder().build();
  }

  /**
   * Parses {@code ddl} with {@link StructType#fromDDL} (no SparkSession needed) and builds a
   * validator for it.
   *
   * @throws IllegalArgumentException naming option {@code validation.schema} when the DDL is blank,
   *     does not parse, declares a field twice at one level or uses an unsupported type
   */
  public static JsonSchemaValidator fromDdl(String ddl, boolean allowUnknownFields) {
    if (ddl == null || ddl.isBlank()) {
      throw schemaError("must be a non-empty Spark DDL schema such as 'id BIGINT NOT NULL'");
    }
    StructType parsed;
    try {
      parsed = StructType.fromDDL(ddl);
    } catch (Exception e) { // Spark's ParseException is checked in Java's eyes
      throw new IllegalArgumentException(
          optionPrefix() + "'" + ddl + "' is not a Spark DDL schema: " + e.getMessage(), e);
    }
    return of(parsed, allowUnknownFields);
  }

  /**
   * Builds a validator for {@code schema}.
   *
   * @throws IllegalArgumentException naming option {@code validation.schema} when the schema is
   *     null or empty, declares a field twice at one level or uses an unsupported type
   */
  public static JsonSchemaValidator of(StructType schema, boolean allowUnknownFields) {
    if (schema == null || schema.fields().length == 0) {
      throw schemaError("must declare at least one field");
    }
    return new JsonSchemaValidator(schema, allowUnknownFields);
  }

  public StructType schema() {
    return schema;
  }

  public boolean allowUnknownFields() {
    return allowUnknownFields;
  }

  /**
   * Validates one record value.
   *
   * @param jsonUtf8 the record value; may be null
   * @return null if the value is a JSON object that parses strictly into the schema, otherwise a
   *     short message naming the field path, such as {@code field 'user.id': expected bigint, got
   *     string "abc"}; never throws for bad input
   */
  public String validate(byte[] jsonUtf8) {
    if (jsonUtf8 == null) {
      return "value is null: expected a JSON object";
    }
    if (jsonUtf8.length == 0) {
      return "value is empty: expected a JSON object";
    }
    String encodingProblem = Utf8.problem(jsonUtf8);
    if (encodingProblem != null) {
      return encodingProblem;
    }
    try (JsonParser parser = jsonFactory.createParser(jsonUtf8)) {
      return validateDocument(parser);
    } catch (JsonProcessingException e) {
      return "malformed JSON" + where(e.getLocation()) + ": " + detail(e);
    } catch (IOException | RuntimeException e) {
      // Jackson reports bad input as JsonProcessingException; this is a last resort so that a
      // parser bug marks one record invalid instead of failing the task.
      return "value could not be validated: " + e.getClass().getSimpleName() + ": " + detail(e);
    }
  }

  private String validateDocument(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return "value is blank: expected a JSON object";
    }
    if (first != JsonToken.START_OBJECT) {
      return "expected a JSON object at top level, got " + describe(parser, first);
    }
    Failure failure = root.checkObject(parser);
    if (failure != null) {
      return failure.message();
    }
    try {
      if (parser.nextToken() != null) {
        return "trailing content after the JSON object" + where(parser.currentTokenLocation());
      }
    } catch (JsonProcessingException e) {
      return "trailing content after the JSON object" + where(e.getLocation()) + ": " + detail(e);
    }
    return null;
  }

  @Override
  public String toString() {
    return "JsonSchemaValidator[schema="
        + schema.toDDL()
        + ", allowUnknownFields="
        + allowUnknownFields
        + "]";
  }

  /** Rebuilds the transient checkers and factory after deserialization on an executor. */
  private Object readResolve() {
    return new JsonSchemaValidator(schema, allowUnknownFields);
  }

  // ---------------------------------------------------------------------------------------------
  // Messages

  private static String optionPrefix() {
    return "Invalid option '" + SinkOptions.VALIDATION_SCHEMA + "': ";
  }

  private static IllegalArgumentException schemaError(String problem) {
    return new IllegalArgumentException(optionPrefix() + problem);
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + " column " + location.getColumnNr();
  }

  private static String detail(Exception e) {
    String message =
        e instanceof JsonProcessingException
            ? ((JsonProcessingException) e).getOriginalMessage()
            : e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return shorten(newline < 0 ? message : message.substring(0, newline), MAX_DETAIL_CHARS);
  }

  /** What a JSON value is, for "got ..." in a message; the parser stands on {@code token}. */
  static String describe(JsonParser parser, JsonToken token) throws IOException {
    if (token == null) {
      return "end of input";
    }
    switch (token) {
      case VALUE_STRING:
        return "string \"" + escape(shorten(parser.getText(), MAX_QUOTED_CHARS)) + "\"";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "number " + shorten(parser.getText(), MAX_QUOTED_CHARS);
      case VALUE_TRUE:
        return "boolean true";
      case VALUE_FALSE:
        return "boolean false";
      case VALUE_NULL:
        return "null";
      case START_OBJECT:
        return "object";
      case START_ARRAY:
        return "array";
      default:
        return token.name();
    }
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Why a value is invalid and where: built only on failure, then each enclosing struct, array or
   * map adds its path segment on the way out.
   */
  static final class Failure {
    private final String problem;
    private final List<String> segmentsInnermostFirst = new ArrayList<>(4);

    /** {@code problem} follows the path: {@code ": expected ..."} or {@code " is ..."}. */
    Failure(String problem) {
      this.problem = problem;
    }

    Failure under(String segment) {
      segmentsInnermostFirst.add(segment);
      return this;
    }

    String message() {
      StringBuilder path = new StringBuilder();
      for (int i = segmentsInnermostFirst.size() - 1; i >= 0; i--) {
        path.append(segmentsInnermostFirst.get(i));
      }
      // Field segments carry a leading dot; the outermost one does not need it.
      int start = path.length() > 0 && path.charAt(0) == '.' ? 1 : 0;
      return "field '" + path.substring(start) + "'" + problem;
    }

    static String field(String name) {
      return "." + name;
    }

    static String index(int index) {
      return "[" + index + "]";
    }

    static String key(String key) {
      return "[\"" + escape(shorten(key, MAX_QUOTED_CHARS)) + "\"]";
    }

    static Failure duplicate(String segment) {
      return new Failure(" appears more than once (duplicate key)").under(segment);
    }
  }

  /**
   * Names seen in one JSON object, for duplicate detection where the schema gives no slot index
   * (unknown fields, map keys, variants). Allocates a set only from the second name on.
   */
  static final class NameSet {
    private String first;
    private Set<String> all;

    /** False if {@code name} was already added. */
    boolean add(String name) {
      if (first == null) {
        first = name;
        return true;
      }
      if (all == null) {
        all = new HashSet<>();
        all.add(first);
      }
      return all.add(name);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Checkers: one immutable object per schema node, compiled once.

  /** Checks one JSON value against one Spark type. */
  abstract static class ValueChecker {
    private final String expected;

    ValueChecker(String expected) {
      this.expected = expected;
    }

    /**
     * Checks the value that starts at {@code token} (never {@code VALUE_NULL} unless {@link
     * #jsonNullIsValue}) and consumes it entirely, or returns the failure without consuming more.
     */
    abstract Failure check(JsonParser parser, JsonToken token) throws IOException;

    /** True if JSON null is a value of this type rather than SQL NULL (only variant). */
    boolean jsonNullIsValue() {
      return false;
    }

    final Failure mismatch(JsonParser parser, JsonToken token) throws IOException {
      return mismatch(parser, token, "");
    }

    final Failure mismatch(JsonParser parser, JsonToken token, String why) throws IOException {
      return new Failure(": expected " + expected + ", got " + describe(parser, token) + why);
    }
  }

  static final class StringChecker extends ValueChecker {
    StringChecker() {
      super("string");
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      // The text is not materialized: Jackson still validates it when skipping to the next token.
      return token == JsonToken.VALUE_STRING ? null : mismatch(parser, token);
    }
  }

  static final class BooleanChecker extends ValueChecker {
    BooleanChecker() {
      super("boolean");
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      return token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE
          ? null
          : mismatch(parser, token);
    }
  }

  static final class IntegralChecker extends ValueChecker {
    private final long min;
    private final long max;

    IntegralChecker(String typeName, long min, long max) {
      super(typeName);
      this.min = min;
      this.max = max;
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      if (token == JsonToken.VALUE_NUMBER_INT) {
        if (parser.getNumberType() == NumberType.BIG_INTEGER) {
          return mismatch(parser, token, " (out of range)");
        }
        long value = parser.getLongValue();
        return value < min || value > max ? mismatch(parser, token, " (out of range)") : null;
      }
      if (token == JsonToken.VALUE_NUMBER_FLOAT) {
        return mismatch(parser, token, " (not an integer: no fraction or exponent allowed)");
      }
      return mismatch(parser, token);
    }
  }

  static final class FloatingChecker extends ValueChecker {
    private final boolean singlePrecision;

    FloatingChecker(boolean singlePrecision) {
      super(singlePrecision ? "float" : "double");
      this.singlePrecision = singlePrecision;
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
        return mismatch(parser, token);
      }
      boolean finite =
          singlePrecision
              ? Float.isFinite(parser.getFloatValue())
              : Double.isFinite(parser.getDoubleValue());
      return finite ? null : mismatch(parser, token, " (out of range)");
    }
  }

  static final class DecimalChecker extends ValueChecker {
    private final int precision;
    private final int scale;

    DecimalChecker(int precision, int scale) {
      super("decimal(" + precision + "," + scale + ")");
      this.precision = precision;
      this.scale = scale;
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
        return mismatch(parser, token);
      }
      BigDecimal value = parser.getDecimalValue();
      if (value.signum() == 0) {
        return null;
      }
      // precision - scale is the number of integer digits of a non-zero value (<= 0 below 1).
      if (value.precision() - value.scale() > precision - scale) {
        return mismatch(parser, token, " (too many integer digits)");
      }
      return fitsScale(value) ? null : mismatch(parser, token, " (too many fractional digits)");
    }

    private boolean fitsScale(BigDecimal value) {
      if (value.scale() <= scale) {
        return true;
      }
      // A non-zero value smaller than 10^-scale cannot fit; checking this first also keeps
      // setScale away from absurd exponents such as 1e-999999999.
      if ((long) value.scale() - scale >= value.precision()) {
        return false;
      }
      try {
        value.setScale(scale, RoundingMode.UNNECESSARY);
        return true;
      } catch (ArithmeticException roundingNeeded) {
        return false;
      }
    }
  }

  static final class DateChecker extends ValueChecker {
    DateChecker() {
      super("date (string yyyy-MM-dd)");
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      if (token != JsonToken.VALUE_STRING) {
        return mismatch(parser, token);
      }
      char[] text = parser.getTextCharacters();
      int offset = parser.getTextOffset();
      int length = parser.getTextLength();
      return IsoDateTime.isDate(text, offset, length) ? null : mismatch(parser, token);
    }
  }

  static final class TimestampChecker extends ValueChecker {
    private final boolean offsetAllowed;

    TimestampChecker(boolean offsetAllowed) {
      super(
          offsetAllowed
              ? "timestamp (ISO-8601 string yyyy-MM-ddTHH:mm:ss[.fraction][offset])"
              : "timestamp_ntz (ISO-8601 string yyyy-MM-ddTHH:mm:ss[.fraction], no offset)");
      this.offsetAllowed = offsetAllowed;
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      if (token != JsonToken.VALUE_STRING) {
        return mismatch(parser, token);
      }
      char[] text = parser.getTextCharacters();
      int offset = parser.getTextOffset();
      int length = parser.getTextLength();
      return IsoDateTime.isTimestamp(text, offset, length, offsetAllowed)
          ? null
          : mismatch(parser, token);
    }
  }

  static final class BinaryChecker extends ValueChecker {
    BinaryChecker() {
      super("binary (base64 string)");
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      if (token != JsonToken.VALUE_STRING) {
        return mismatch(parser, token);
      }
      // Materialize the text first so that a JSON-level error in the string is reported as
      // malformed JSON (by the caller), and only a base64 error lands in the catch below.
      parser.getText();
      try {
        parser.getBinaryValue();
        return null;
      } catch (JsonProcessingException notBase64) {
        return mismatch(parser, token, " (not valid base64)");
      }
    }
  }

  static final class ArrayChecker extends ValueChecker {
    private final ValueChecker element;
    private final boolean containsNull;

    ArrayChecker(ValueChecker element, boolean containsNull) {
      super("array (JSON array)");
      this.element = element;
      this.containsNull = containsNull;
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      if (token != JsonToken.START_ARRAY) {
        return mismatch(parser, token);
      }
      int index = 0;
      for (JsonToken item = parser.nextToken();
          item != JsonToken.END_ARRAY;
          item = parser.nextToken(), index++) {
        Failure failure =
            checkItem(parser, item, element, containsNull, " is null but the array elements are NOT NULL");
        if (failure != null) {
          return failure.under(Failure.index(index));
        }
      }
      return null;
    }
  }

  static final class MapChecker extends ValueChecker {
    private final ValueChecker value;
    private final boolean valueContainsNull;

    MapChecker(ValueChecker value, boolean valueContainsNull) {
      super("map (JSON object)");
      this.value = value;
      this.valueContainsNull = valueContainsNull;
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      if (token != JsonToken.START_OBJECT) {
        return mismatch(parser, token);
      }
      NameSet keys = new NameSet();
      for (String key = parser.nextFieldName(); key != null; key = parser.nextFieldName()) {
        if (!keys.add(key)) {
          return Failure.duplicate(Failure.key(key));
        }
        JsonToken item = parser.nextToken();
        Failure failure =
            checkItem(parser, item, value, valueContainsNull, " is null but the map values are NOT NULL");
        if (failure != null) {
          return failure.under(Failure.key(key));
        }
      }
      return null;
    }
  }

  /**
   * Checks an array element or map value: a JSON null passes only where the type allows nulls
   * (unless the checker itself accepts null, as VARIANT does).
   */
  static Failure checkItem(
      JsonParser parser, JsonToken item, ValueChecker checker, boolean nullable, String nullMessage)
      throws IOException {
    if (item == JsonToken.VALUE_NULL && !checker.jsonNullIsValue()) {
      return nullable ? null : new Failure(nullMessage);
    }
    return checker.check(parser, item);
  }

  /** VARIANT, and the content of unknown fields: any well-formed JSON without duplicate keys. */
  static final class AnyJsonChecker extends ValueChecker {
    static final AnyJsonChecker INSTANCE = new AnyJsonChecker();

    private AnyJsonChecker() {
      super("variant");
    }

    @Override
    boolean jsonNullIsValue() {
      return true;
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      if (token == JsonToken.START_OBJECT) {
        NameSet names = new NameSet();
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          if (!names.add(name)) {
            return Failure.duplicate(Failure.field(name));
          }
          Failure failure = check(parser, parser.nextToken());
          if (failure != null) {
            return failure.under(Failure.field(name));
          }
        }
      } else if (token == JsonToken.START_ARRAY) {
        int index = 0;
        for (JsonToken item = parser.nextToken();
            item != JsonToken.END_ARRAY;
            item = parser.nextToken(), index++) {
          Failure failure = check(parser, item);
          if (failure != null) {
            return failure.under(Failure.index(index));
          }
        }
      }
      // Scalars: Jackson has checked their syntax (strings when it skips them).
      return null;
    }
  }

  /** A JSON object with declared fields; the root of every schema is one. */
  static final class StructChecker extends ValueChecker {
    /** Above this many fields, "seen" needs an array instead of the bits of one long. */
    private static final int MAX_BIT_FIELDS = Long.SIZE;

    private final String[] names;
    private final ValueChecker[] fieldCheckers;
    private final boolean[] nullable;
    private final Map<String, Integer> slotByName;
    private final int[] requiredSlots;
    private final long requiredBits;
    private final boolean allowUnknownFields;

    StructChecker(
        String[] names,
        ValueChecker[] fieldCheckers,
        boolean[] nullable,
        boolean allowUnknownFields) {
      super("struct (JSON object)");
      this.names = names;
      this.fieldCheckers = fieldCheckers;
      this.nullable = nullable;
      this.allowUnknownFields = allowUnknownFields;
      this.slotByName = new HashMap<>(names.length * 2);
      List<Integer> required = new ArrayList<>();
      long bits = 0;
      for (int i = 0; i < names.length; i++) {
        slotByName.put(names[i], i);
        if (!nullable[i]) {
          required.add(i);
          bits |= i < MAX_BIT_FIELDS ? 1L << i : 0;
        }
      }
      this.requiredSlots = required.stream().mapToInt(Integer::intValue).toArray();
      this.requiredBits = bits;
    }

    @Override
    Failure check(JsonParser parser, JsonToken token) throws IOException {
      return token == JsonToken.START_OBJECT ? checkObject(parser) : mismatch(parser, token);
    }

    /** Checks the object whose START_OBJECT the parser stands on, through its END_OBJECT. */
    Failure checkObject(JsonParser parser) throws IOException {
      long seenBits = 0;
      boolean[] seenSlots = names.length > MAX_BIT_FIELDS ? new boolean[names.length] : null;
      NameSet unknownNames = null;
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        JsonToken token = parser.nextToken();
        Integer slot = slotByName.get(name);
        if (slot == null) {
          if (unknownNames == null) {
            unknownNames = new NameSet();
          }
          Failure failure = checkUnknown(parser, name, token, unknownNames);
          if (failure != null) {
            return failure;
          }
          continue;
        }
        int i = slot;
        if (seenSlots == null) {
          long bit = 1L << i;
          if ((seenBits & bit) != 0) {
            return Failure.duplicate(Failure.field(name));
          }
          seenBits |= bit;
        } else {
          if (seenSlots[i]) {
            return Failure.duplicate(Failure.field(name));
          }
          seenSlots[i] = true;
        }
        Failure failure = checkField(parser, i, token);
        if (failure != null) {
          return failure.under(Failure.field(name));
        }
      }
      return missingRequired(seenBits, seenSlots);
    }

    private Failure checkField(JsonParser parser, int slot, JsonToken token) throws IOException {
      ValueChecker checker = fieldCheckers[slot];
      if (token == JsonToken.VALUE_NULL && !checker.jsonNullIsValue()) {
        return nullable[slot] ? null : new Failure(" is NOT NULL but the value is null");
      }
      return checker.check(parser, token);
    }

    private Failure checkUnknown(JsonParser parser, String name, JsonToken token, NameSet seen)
        throws IOException {
      if (!allowUnknownFields) {
        return new Failure(
                " is not declared in "
                    + SinkOptions.VALIDATION_SCHEMA
                    + " and "
                    + SinkOptions.VALIDATION_ALLOW_UNKNOWN_FIELDS
                    + " is false")
            .under(Failure.field(name));
      }
      if (!seen.add(name)) {
        return Failure.duplicate(Failure.field(name));
      }
      Failure failure = AnyJsonChecker.INSTANCE.check(parser, token);
      return failure == null ? null : failure.under(Failure.field(name));
    }

    private Failure missingRequired(long seenBits, boolean[] seenSlots) {
      if (seenSlots == null && (seenBits & requiredBits) == requiredBits) {
        return null;
      }
      for (int slot : requiredSlots) {
        boolean seen = seenSlots == null ? (seenBits & (1L << slot)) != 0 : seenSlots[slot];
        if (!seen) {
          return new Failure(" is required (NOT NULL) but missing")
              .under(Failure.field(names[slot]));
        }
      }
      return null;
    }
  }

  /** Turns a Spark schema into checkers, rejecting what JSON validation cannot express. */
  static final class SchemaCompiler {
    private static final String SUPPORTED =
        "string, boolean, tinyint, smallint, int, bigint, float, double, decimal, date, timestamp,"
            + " timestamp_ntz, binary, array, map<string,_>, struct, variant";

    private final boolean allowUnknownFields;

    SchemaCompiler(boolean allowUnknownFields) {
      this.allowUnknownFields = allowUnknownFields;
    }

    StructChecker compileStruct(StructType struct, String path) {
      StructField[] fields = struct.fields();
      String[] names = new String[fields.length];
      ValueChecker[] checkers = new ValueChecker[fields.length];
      boolean[] nullable = new boolean[fields.length];
      Set<String> declared = new HashSet<>();
      for (int i = 0; i < fields.length; i++) {
        String name = fields[i].name();
        String fieldPath = path.isEmpty() ? name : path + "." + name;
        if (!declared.add(name)) {
          throw schemaError("field '" + fieldPath + "' is declared more than once");
        }
        names[i] = name;
        checkers[i] = compile(fields[i].dataType(), fieldPath);
        nullable[i] = fields[i].nullable();
      }
      return new StructChecker(names, checkers, nullable, allowUnknownFields);
    }

    private ValueChecker compile(DataType type, String path) {
      if (type instanceof StructType) {
        return compileStruct((StructType) type, path);
      }
      if (type instanceof ArrayType) {
        ArrayType array = (ArrayType) type;
        return new ArrayChecker(compile(array.elementType(), path + "[]"), array.containsNull());
      }
      if (type instanceof MapType) {
        MapType map = (MapType) type;
        if (!(map.keyType() instanceof StringType)) {
          throw schemaError(
              "field '"
                  + path
                  + "' has type "
                  + type.simpleString()
                  + ", but JSON object keys are strings: use map<string,_>");
        }
        return new MapChecker(compile(map.valueType(), path + "[]"), map.valueContainsNull());
      }
      if (type instanceof VariantType) {
        return AnyJsonChecker.INSTANCE;
      }
      ValueChecker scalar = compileScalar(type);
      if (scalar == null) {
        throw schemaError(
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

    private static ValueChecker compileScalar(DataType type) {
      if (type instanceof StringType || type instanceof VarcharType || type instanceof CharType) {
        return new StringChecker();
      }
      if (type instanceof DecimalType) {
        DecimalType decimal = (DecimalType) type;
        return new DecimalChecker(decimal.precision(), decimal.scale());
      }
      return compileFixedScalar(type);
    }

    private static ValueChecker compileFixedScalar(DataType type) {
      if (type instanceof BooleanType) {
        return new BooleanChecker();
      } else if (type instanceof ByteType) {
        return new IntegralChecker("tinyint", Byte.MIN_VALUE, Byte.MAX_VALUE);
      } else if (type instanceof ShortType) {
        return new IntegralChecker("smallint", Short.MIN_VALUE, Short.MAX_VALUE);
      } else if (type instanceof IntegerType) {
        return new IntegralChecker("int", Integer.MIN_VALUE, Integer.MAX_VALUE);
      } else if (type instanceof LongType) {
        return new IntegralChecker("bigint", Long.MIN_VALUE, Long.MAX_VALUE);
      } else if (type instanceof FloatType || type instanceof DoubleType) {
        return new FloatingChecker(type instanceof FloatType);
      } else if (type instanceof DateType) {
        return new DateChecker();
      } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
        return new TimestampChecker(type instanceof TimestampType);
      } else if (type instanceof BinaryType) {
        return new BinaryChecker();
      }
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Byte- and character-level checks, allocation-free.

  /** Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF). */
  static final class Utf8 {
    private Utf8() {}

    /** Null if {@code bytes} are acceptable JSON text encoding, otherwise why not. */
    static String problem(byte[] bytes) {
      int length = bytes.length;
      if (length >= 3
          && bytes[0] == (byte) 0xEF
          && bytes[1] == (byte) 0xBB
          && bytes[2] == (byte) 0xBF) {
        return "value starts with a UTF-8 byte order mark, which JSON text must not have";
      }
      int i = 0;
      while (i < length) {
        byte b = bytes[i];
        if (b > 0) { // ASCII other than NUL, by far the common case
          i++;
          continue;
        }
        // A NUL byte is never valid JSON text, and one near the start would make Jackson
        // auto-detect UTF-16/32; either way the value is not UTF-8 JSON.
        int sequence = b == 0 ? 0 : sequenceLength(bytes, i);
        if (sequence == 0) {
          return "value is not valid UTF-8 JSON text: byte 0x"
              + String.format("%02x", b & 0xFF)
              + " at offset "
              + i;
        }
        i += sequence;
      }
      return null;
    }

    /** Length of the well-formed multi-byte sequence at {@code i}, or 0 if there is none. */
    private static int sequenceLength(byte[] bytes, int i) {
      int lead = bytes[i] & 0xFF;
      int length;
      int secondMin = 0x80;
      int secondMax = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        secondMin = lead == 0xE0 ? 0xA0 : 0x80; // overlong
        secondMax = lead == 0xED ? 0x9F : 0xBF; // surrogates
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        secondMin = lead == 0xF0 ? 0x90 : 0x80; // overlong
        secondMax = lead == 0xF4 ? 0x8F : 0xBF; // above U+10FFFF
      } else {
        return 0;
      }
      if (i + length > bytes.length) {
        return 0;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < secondMin || second > secondMax) {
        return 0;
      }
      for (int k = 2; k < length; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return 0;
        }
      }
      return length;
    }
  }

  /** The ISO-8601 date and date-time shapes accepted for DATE, TIMESTAMP and TIMESTAMP_NTZ. */
  static final class IsoDateTime {
    private static final int DATE_LENGTH = 10;
    private static final int MIN_DATE_TIME_LENGTH = 19; // yyyy-MM-ddTHH:mm:ss
    private static final int MAX_FRACTION_DIGITS = 9;

    private IsoDateTime() {}

    /** {@code yyyy-MM-dd}, a real day of the proleptic Gregorian calendar. */
    static boolean isDate(char[] s, int offset, int length) {
      return length == DATE_LENGTH && isDatePrefix(s, offset);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]} then, if allowed, {@code Z|±HH|±HHmm|±HH:mm}. */
    static boolean isTimestamp(char[] s, int offset, int length, boolean offsetAllowed) {
      if (length < MIN_DATE_TIME_LENGTH || !isDatePrefix(s, offset) || s[offset + 10] != 'T') {
        return false;
      }
      int hour = digits(s, offset + 11, 2);
      int minute = digits(s, offset + 14, 2);
      int second = digits(s, offset + 17, 2);
      if (hour < 0
          || hour > 23
          || minute < 0
          || minute > 59
          || second < 0
          || second > 59
          || s[offset + 13] != ':'
          || s[offset + 16] != ':') {
        return false;
      }
      int end = offset + length;
      int p = afterFraction(s, offset + MIN_DATE_TIME_LENGTH, end);
      if (p < 0) {
        return false;
      }
      return p == end || (offsetAllowed && isOffset(s, p, end));
    }

    /** Position after an optional {@code .f{1,9}} starting at {@code p}, or -1 if malformed. */
    private static int afterFraction(char[] s, int p, int end) {
      if (p == end || s[p] != '.') {
        return p;
      }
      int start = ++p;
      while (p < end && s[p] >= '0' && s[p] <= '9') {
        p++;
      }
      int fractionDigits = p - start;
      return fractionDigits >= 1 && fractionDigits <= MAX_FRACTION_DIGITS ? p : -1;
    }

    private static boolean isOffset(char[] s, int p, int end) {
      if (s[p] == 'Z') {
        return p + 1 == end;
      }
      if (s[p] != '+' && s[p] != '-') {
        return false;
      }
      int rest = end - p - 1;
      int hours = rest >= 2 ? digits(s, p + 1, 2) : -1;
      int minutes;
      if (rest == 2) {
        minutes = 0;
      } else if (rest == 4) {
        minutes = digits(s, p + 3, 2);
      } else if (rest == 5 && s[p + 3] == ':') {
        minutes = digits(s, p + 4, 2);
      } else {
        return false;
      }
      return hours >= 0
          && minutes >= 0
          && minutes <= 59
          && (hours < 18 || hours == 18 && minutes == 0);
    }

    private static boolean isDatePrefix(char[] s, int offset) {
      int year = digits(s, offset, 4);
      int month = digits(s, offset + 5, 2);
      int day = digits(s, offset + 8, 2);
      return year >= 0
          && s[offset + 4] == '-'
          && s[offset + 7] == '-'
          && month >= 1
          && month <= 12
          && day >= 1
          && day <= daysInMonth(year, month);
    }

    private static int daysInMonth(int year, int month) {
      if (month == 2) {
        boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        return leap ? 29 : 28;
      }
      return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** The non-negative value of {@code count} ASCII digits, or -1 if any is not a digit. */
    private static int digits(char[] s, int offset, int count) {
      int value = 0;
      for (int i = offset; i < offset + count; i++) {
        char c = s[i];
        if (c < '0' || c > '9') {
          return -1;
        }
        value = value * 10 + (c - '0');
      }
      return value;
    }
  }
}
