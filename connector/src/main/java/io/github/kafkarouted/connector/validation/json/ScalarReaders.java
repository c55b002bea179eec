package io.github.kafkarouted.connector.validation.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.ZoneId;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/** The readers of scalar types: each one token, checked strictly, stored as Spark stores it. */
final class ScalarReaders {

  private ScalarReaders() {}

  static final class StringReader extends JsonReader {
    StringReader() {
      super("string");
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (token != JsonToken.VALUE_STRING) {
        return mismatch(parser, token);
      }
      // Unread, the text is not materialized: Jackson still validates it when skipping it.
      if (out != null) {
        out.update(ordinal, UTF8String.fromString(parser.getText()));
      }
      return null;
    }
  }

  static final class BooleanReader extends JsonReader {
    BooleanReader() {
      super("boolean");
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
        return mismatch(parser, token);
      }
      if (out != null) {
        out.setBoolean(ordinal, token == JsonToken.VALUE_TRUE);
      }
      return null;
    }
  }

  /** TINYINT, SMALLINT, INT, BIGINT: integer syntax only, within the type's range. */
  static final class IntegralReader extends JsonReader {
    private final int bytes;
    private final long min;
    private final long max;

    IntegralReader(String typeName, int bytes, long min, long max) {
      super(typeName);
      this.bytes = bytes;
      this.min = min;
      this.max = max;
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (token == JsonToken.VALUE_NUMBER_FLOAT) {
        return mismatch(parser, token, " (not an integer: no fraction or exponent allowed)");
      }
      if (token != JsonToken.VALUE_NUMBER_INT) {
        return mismatch(parser, token);
      }
      if (parser.getNumberType() == NumberType.BIG_INTEGER) {
        return mismatch(parser, token, " (out of range)");
      }
      long value = parser.getLongValue();
      if (value < min || value > max) {
        return mismatch(parser, token, " (out of range)");
      }
      if (out != null) {
        switch (bytes) {
          case Byte.BYTES -> out.setByte(ordinal, (byte) value);
          case Short.BYTES -> out.setShort(ordinal, (short) value);
          case Integer.BYTES -> out.setInt(ordinal, (int) value);
          default -> out.setLong(ordinal, value);
        }
      }
      return null;
    }
  }

  /** FLOAT, DOUBLE: any JSON number that is finite in the type. */
  static final class FloatingReader extends JsonReader {
    private final boolean singlePrecision;

    FloatingReader(boolean singlePrecision) {
      super(singlePrecision ? "float" : "double");
      this.singlePrecision = singlePrecision;
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
        return mismatch(parser, token);
      }
      if (singlePrecision) {
        float value = parser.getFloatValue();
        if (!Float.isFinite(value)) {
          return mismatch(parser, token, " (out of range)");
        }
        if (out != null) {
          out.setFloat(ordinal, value);
        }
      } else {
        double value = parser.getDoubleValue();
        if (!Double.isFinite(value)) {
          return mismatch(parser, token, " (out of range)");
        }
        if (out != null) {
          out.setDouble(ordinal, value);
        }
      }
      return null;
    }
  }

  /** DECIMAL(p,s): a JSON number that fits without rounding. */
  static final class DecimalReader extends JsonReader {
    /** Digits a long holds exactly, and the widest decimal Spark stores as a long. */
    private static final int LONG_DIGITS = 18;

    private static final long[] POW10 = new long[LONG_DIGITS + 1];
    /** Results of {@link #unscaledLong} that are not values (valid ones lie within ±10^18). */
    private static final long NOT_PLAIN = Long.MIN_VALUE;
    private static final long TOO_MANY_INTEGER_DIGITS = Long.MIN_VALUE + 1;
    private static final long TOO_MANY_FRACTIONAL_DIGITS = Long.MIN_VALUE + 2;

    static {
      POW10[0] = 1;
      for (int i = 1; i < POW10.length; i++) {
        POW10[i] = POW10[i - 1] * 10;
      }
    }

    private final int precision;
    private final int scale;

    DecimalReader(int precision, int scale) {
      super("decimal(" + precision + "," + scale + ")");
      this.precision = precision;
      this.scale = scale;
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
        return mismatch(parser, token);
      }
      long unscaled = precision <= LONG_DIGITS ? unscaledLong(parser) : NOT_PLAIN;
      if (unscaled == TOO_MANY_INTEGER_DIGITS) {
        return mismatch(parser, token, " (too many integer digits)");
      }
      if (unscaled == TOO_MANY_FRACTIONAL_DIGITS) {
        return mismatch(parser, token, " (too many fractional digits)");
      }
      if (unscaled != NOT_PLAIN) {
        if (out != null) {
          out.update(ordinal, Decimal.apply(unscaled, precision, scale));
        }
        return null;
      }
      return readBig(parser, token, out, ordinal);
    }

    /**
     * The common case without BigDecimal: a number written {@code -?int(.frac)?} of at most 18
     * digits each, into a decimal of at most 18 digits. Same rules as {@link #readBig}: integer
     * digits of a non-zero value at most {@code p-s}, significant fraction digits at most {@code s}.
     *
     * @return the unscaled value, or one of the markers above
     */
    private long unscaledLong(JsonParser parser) throws IOException {
      char[] text = parser.getTextCharacters();
      int i = parser.getTextOffset();
      int end = i + parser.getTextLength();
      boolean negative = i < end && text[i] == '-';
      if (negative) {
        i++;
      }
      long integer = 0;
      int integerDigits = 0;
      for (; i < end && text[i] >= '0' && text[i] <= '9'; i++, integerDigits++) {
        if (integerDigits == LONG_DIGITS) {
          return NOT_PLAIN;
        }
        integer = integer * 10 + (text[i] - '0');
      }
      long fraction = 0;
      int fractionDigits = 0;
      int significantFractionDigits = 0;
      if (i < end && text[i] == '.') {
        for (i++; i < end && text[i] >= '0' && text[i] <= '9'; i++) {
          if (fractionDigits == LONG_DIGITS) {
            return NOT_PLAIN;
          }
          fraction = fraction * 10 + (text[i] - '0');
          fractionDigits++;
          if (text[i] != '0') {
            significantFractionDigits = fractionDigits;
          }
        }
      }
      if (i != end) {
        return NOT_PLAIN; // an exponent
      }
      if (integer == 0 && significantFractionDigits == 0) {
        return 0;
      }
      // JSON numbers have no leading zeros: a non-zero integer part has exactly integerDigits.
      if ((integer == 0 ? 0 : integerDigits) > precision - scale) {
        return TOO_MANY_INTEGER_DIGITS;
      }
      if (significantFractionDigits > scale) {
        return TOO_MANY_FRACTIONAL_DIGITS;
      }
      long significantFraction = fraction / POW10[fractionDigits - significantFractionDigits];
      long unscaled = integer * POW10[scale] + significantFraction * POW10[scale - significantFractionDigits];
      return negative ? -unscaled : unscaled;
    }

    /** Any other number, through BigDecimal. */
    private Failure readBig(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      BigDecimal value = parser.getDecimalValue();
      if (value.signum() != 0) {
        // precision - scale is the number of integer digits of a non-zero value (<= 0 below 1).
        if (value.precision() - value.scale() > precision - scale) {
          return mismatch(parser, token, " (too many integer digits)");
        }
        if (!fitsScale(value)) {
          return mismatch(parser, token, " (too many fractional digits)");
        }
      }
      if (out != null) {
        out.update(ordinal, Decimal.apply(value.setScale(scale, RoundingMode.UNNECESSARY), precision, scale));
      }
      return null;
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

  /** DATE: a string yyyy-MM-dd naming a real day; stored as days since the epoch. */
  static final class DateReader extends JsonReader {
    DateReader() {
      super("date (string yyyy-MM-dd)");
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (token != JsonToken.VALUE_STRING) {
        return mismatch(parser, token);
      }
      char[] text = parser.getTextCharacters();
      int offset = parser.getTextOffset();
      if (!IsoDateTime.isDate(text, offset, parser.getTextLength())) {
        return mismatch(parser, token);
      }
      if (out != null) {
        out.setInt(ordinal, IsoDateTime.epochDay(text, offset));
      }
      return null;
    }
  }

  /** TIMESTAMP, TIMESTAMP_NTZ: ISO-8601 strings; stored as microseconds since the epoch. */
  static final class TimestampReader extends JsonReader {
    private final boolean offsetAllowed;
    private final ZoneId sessionZone;

    /** @param sessionZone the zone of a TIMESTAMP without offset; unused for TIMESTAMP_NTZ */
    TimestampReader(boolean offsetAllowed, ZoneId sessionZone) {
      super(
          offsetAllowed
              ? "timestamp (ISO-8601 string yyyy-MM-ddTHH:mm:ss[.fraction][offset])"
              : "timestamp_ntz (ISO-8601 string yyyy-MM-ddTHH:mm:ss[.fraction], no offset)");
      this.offsetAllowed = offsetAllowed;
      this.sessionZone = sessionZone;
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (token != JsonToken.VALUE_STRING) {
        return mismatch(parser, token);
      }
      char[] text = parser.getTextCharacters();
      int offset = parser.getTextOffset();
      int length = parser.getTextLength();
      if (!IsoDateTime.isTimestamp(text, offset, length, offsetAllowed)) {
        return mismatch(parser, token);
      }
      if (out != null) {
        out.setLong(ordinal, IsoDateTime.micros(text, offset, length, offsetAllowed ? sessionZone : null));
      }
      return null;
    }
  }

  /** BINARY: a base64 string, decoded with Jackson's default variant as Spark does. */
  static final class BinaryReader extends JsonReader {
    BinaryReader() {
      super("binary (base64 string)");
    }

    @Override
    Failure read(JsonParser parser, JsonToken token, InternalRow out, int ordinal) throws IOException {
      if (token != JsonToken.VALUE_STRING) {
        return mismatch(parser, token);
      }
      // Materialize the text first so that a JSON-level error in the string is reported as
      // malformed JSON (by the caller), and only a base64 error lands in the catch below.
      parser.getText();
      byte[] bytes;
      try {
        bytes = parser.getBinaryValue();
      } catch (JsonProcessingException notBase64) {
        return mismatch(parser, token, " (not valid base64)");
      }
      if (out != null) {
        out.update(ordinal, bytes);
      }
      return null;
    }
  }
}
