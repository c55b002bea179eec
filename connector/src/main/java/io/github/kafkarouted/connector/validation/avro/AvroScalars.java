package io.github.kafkarouted.connector.validation.avro;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The readers of Avro's primitive and named scalar types, each storing what Spark's {@code
 * from_avro} stores: int, date ({@code int} days, Spark 4's default CORRECTED rebase mode does not
 * shift them), long, timestamps (micros; millis are multiplied, an overflow is invalid), float,
 * double, boolean, string (UTF-8 checked), bytes, fixed, enum (its symbol) and decimal.
 */
final class AvroScalars {

  private AvroScalars() {}

  /** Avro {@code null}: no bytes, Spark's NullType. */
  static final class NullReader extends AvroReader {
    @Override
    void read(AvroInput in, InternalRow out, int ordinal) {
      if (out != null) {
        out.setNullAt(ordinal);
      }
    }

    @Override
    int minBytes() {
      return 0;
    }
  }

  static final class BooleanReader extends AvroReader {
    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      boolean v = in.readBoolean();
      if (out != null) {
        out.setBoolean(ordinal, v);
      }
    }

    @Override
    int minBytes() {
      return 1;
    }
  }

  /** {@code int} and {@code date} (days since the epoch, stored as Spark stores DATE). */
  static final class IntReader extends AvroReader {
    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      int v = in.readInt();
      if (out != null) {
        out.setInt(ordinal, v);
      }
    }

    @Override
    int minBytes() {
      return 1;
    }
  }

  /** The {@code int} branch of a union of int and long, which Spark reads as one BIGINT. */
  static final class IntAsLongReader extends AvroReader {
    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      int v = in.readInt();
      if (out != null) {
        out.setLong(ordinal, v);
      }
    }

    @Override
    int minBytes() {
      return 1;
    }
  }

  /**
   * {@code long}, the timestamps and {@code time-micros} as {@code TIME}: {@code microsPerUnit} is
   * the factor to Spark's internal unit, 1 for timestamp micros (stored as they are), 1000 for
   * timestamp millis (to micros) and for time micros (to nanos), multiplied exactly: a value Spark
   * cannot hold is invalid.
   */
  static final class LongReader extends AvroReader {
    private final long microsPerUnit;
    private final String logicalType;

    LongReader(long microsPerUnit, String logicalType) {
      this.microsPerUnit = microsPerUnit;
      this.logicalType = logicalType;
    }

    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      long v = in.readLong();
      if (microsPerUnit != 1) {
        long micros = v * microsPerUnit;
        if (micros / microsPerUnit != v) {
          throw new AvroFailure(": " + logicalType + " " + v + " is outside the range of Spark's type");
        }
        v = micros;
      }
      if (out != null) {
        out.setLong(ordinal, v);
      }
    }

    @Override
    int minBytes() {
      return 1;
    }
  }

  static final class FloatReader extends AvroReader {
    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      float v = in.readFloat();
      if (out != null) {
        out.setFloat(ordinal, v);
      }
    }

    @Override
    int minBytes() {
      return 4;
    }
  }

  /** {@code double}, and the {@code float} branch of a union of float and double (a DOUBLE). */
  static final class DoubleReader extends AvroReader {
    private final boolean fromFloat;

    DoubleReader(boolean fromFloat) {
      this.fromFloat = fromFloat;
    }

    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      double v = fromFloat ? in.readFloat() : in.readDouble();
      if (out != null) {
        out.setDouble(ordinal, v);
      }
    }

    @Override
    int minBytes() {
      return fromFloat ? 4 : 8;
    }
  }

  /** {@code string}: a length, then that many bytes of well-formed UTF-8. */
  static final class StringReader extends AvroReader {
    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      int length = in.readLength("string");
      int start = in.position();
      byte[] bytes = in.bytes();
      int bad = AvroUtf8.firstInvalid(bytes, start, length);
      if (bad >= 0) {
        throw new AvroFailure(
            ": string is not valid UTF-8 (byte 0x"
                + AvroInput.hex(bytes[start + bad])
                + " at offset "
                + bad
                + " of the string, byte "
                + (start + bad)
                + " of the value)");
      }
      in.skip(length);
      if (out != null) {
        // A copy: the value's bytes belong to the input row, which the next row may overwrite.
        out.update(ordinal, UTF8String.fromBytes(Arrays.copyOfRange(bytes, start, start + length)));
      }
    }

    @Override
    int minBytes() {
      return 1;
    }
  }

  /** {@code bytes} (a length, then the bytes) or {@code fixed} ({@code size} bytes): BINARY. */
  static final class BinaryReader extends AvroReader {
    /** -1 for {@code bytes}. */
    private final int fixedSize;
    private final String what;

    BinaryReader(int fixedSize) {
      this.fixedSize = fixedSize;
      this.what = "a fixed of " + fixedSize + " bytes";
    }

    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      int length = fixedSize >= 0 ? fixedSize : in.readLength("bytes");
      in.need(length, what);
      int start = in.position();
      in.skip(length);
      if (out != null) {
        out.update(ordinal, Arrays.copyOfRange(in.bytes(), start, start + length));
      }
    }

    @Override
    int minBytes() {
      return fixedSize >= 0 ? fixedSize : 1;
    }
  }

  /** {@code enum}: a symbol index within the symbols, stored as the symbol's name. */
  static final class EnumReader extends AvroReader {
    /** Immutable, so one instance per symbol is stored in every row that has it. */
    private final UTF8String[] symbols;

    EnumReader(UTF8String[] symbols) {
      this.symbols = symbols;
    }

    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      int at = in.position();
      int index = in.readInt();
      if (index < 0 || index >= symbols.length) {
        throw new AvroFailure(
            ": enum symbol index "
                + index
                + " at byte "
                + at
                + " is out of range (the enum has "
                + symbols.length
                + " symbols)");
      }
      if (out != null) {
        out.update(ordinal, symbols[index]);
      }
    }

    @Override
    int minBytes() {
      return 1;
    }
  }

  /**
   * {@code decimal} on {@code bytes} or {@code fixed}: the big-endian two's-complement unscaled
   * value, which must have at most {@code precision} digits (Avro's reader would wrap a longer one
   * into a wrong number, or fail deep in Spark).
   */
  static final class DecimalReader extends AvroReader {
    private static final int MAX_LONG_DIGITS = 18;

    private final int fixedSize;
    private final int precision;
    private final int scale;
    private final long longLimit;
    private final BigInteger bigLimit;
    private final String what;

    DecimalReader(int fixedSize, int precision, int scale) {
      this.fixedSize = fixedSize;
      this.what = "a decimal of " + fixedSize + " bytes";
      this.precision = precision;
      this.scale = scale;
      this.bigLimit = BigInteger.TEN.pow(precision);
      this.longLimit = precision <= MAX_LONG_DIGITS ? bigLimit.longValueExact() : Long.MAX_VALUE;
    }

    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      int length = fixedSize >= 0 ? fixedSize : in.readLength("decimal bytes");
      in.need(length, what);
      if (length == 0) {
        throw new AvroFailure(": decimal(" + precision + "," + scale + ") has no bytes");
      }
      byte[] bytes = in.bytes();
      int start = in.position();
      in.skip(length);
      Decimal decimal;
      if (length <= Long.BYTES) {
        long unscaled = bytes[start]; // sign-extended
        for (int i = 1; i < length; i++) {
          unscaled = unscaled << 8 | (bytes[start + i] & 0xFF);
        }
        if (unscaled >= longLimit || unscaled <= -longLimit) {
          throw tooManyDigits(BigInteger.valueOf(unscaled));
        }
        if (out == null) {
          return;
        }
        decimal =
            precision <= MAX_LONG_DIGITS
                ? Decimal.createUnsafe(unscaled, precision, scale)
                : Decimal.apply(BigDecimal.valueOf(unscaled, scale), precision, scale);
      } else {
        // Wider than a long: rare (precision above 18), so BigInteger's allocation is accepted.
        BigInteger unscaled = new BigInteger(bytes, start, length);
        if (unscaled.abs().compareTo(bigLimit) >= 0) {
          throw tooManyDigits(unscaled);
        }
        if (out == null) {
          return;
        }
        decimal = Decimal.apply(new BigDecimal(unscaled, scale), precision, scale);
      }
      out.update(ordinal, decimal);
    }

    private AvroFailure tooManyDigits(BigInteger unscaled) {
      return new AvroFailure(
          ": decimal("
              + precision
              + ","
              + scale
              + ") value "
              + new BigDecimal(unscaled, scale).toPlainString()
              + " has more than "
              + precision
              + " digits");
    }

    @Override
    int minBytes() {
      return fixedSize >= 0 ? fixedSize : 1;
    }
  }
}
