package io.github.kafkarouted.connector.validation.avro;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.kafkarouted.connector.validation.DecodedFields;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The readers of Avro's record, array, map and union. Array and map readers keep scratch lists
 * that they reuse from value to value: safe because a reader is never re-entered while it reads
 * (recursive schemas are refused), and the only state a decoder has besides its row.
 */
final class AvroContainers {

  private AvroContainers() {}

  /** A record: its fields in schema order, nothing between them. The root of every schema. */
  static final class RecordReader extends AvroReader {
    private final AvroReader[] fields;
    private final String[] segments;
    private final int minBytes;

    RecordReader(String[] names, AvroReader[] fields) {
      this.fields = fields;
      this.segments = new String[names.length];
      int min = 0;
      for (int i = 0; i < names.length; i++) {
        segments[i] = AvroFailure.field(names[i]);
        min += fields[i].minBytes();
      }
      this.minBytes = min;
    }

    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      GenericInternalRow row = out == null ? null : new GenericInternalRow(fields.length);
      readFields(in, row, null);
      if (out != null) {
        out.update(ordinal, row);
      }
    }

    /**
     * Reads every field; stores in {@code row} those {@code only} asks for (all when null) and
     * nulls the others, so a reused row never keeps a previous value's field.
     */
    void readFields(AvroInput in, InternalRow row, DecodedFields only) throws AvroFailure {
      for (int i = 0; i < fields.length; i++) {
        InternalRow target = row == null || (only != null && !only.isRead(i)) ? null : row;
        try {
          fields[i].read(in, target, i);
        } catch (AvroFailure f) {
          throw f.under(segments[i]);
        }
        if (target == null && row != null) {
          row.setNullAt(i);
        }
      }
    }

    @Override
    int minBytes() {
      return minBytes;
    }
  }

  /**
   * Avro's block encoding, shared by arrays and maps: blocks of {@code count} items until a count
   * of 0; a negative count is followed by the block's size in bytes, which must match its items.
   * A count the bytes left cannot hold is refused before anything is allocated for it.
   */
  abstract static class BlockReader extends AvroReader {
    private final String kind;
    private final int itemMinBytes;

    BlockReader(String kind, int itemMinBytes) {
      this.kind = kind;
      // The compiler refuses items of zero bytes; 1 keeps the bound safe whatever it is given.
      this.itemMinBytes = Math.max(1, itemMinBytes);
    }

    /** Reads item number {@code index} (a map's key and value). */
    abstract void readItem(AvroInput in, boolean store, long index) throws AvroFailure;

    /** Reads all blocks; returns the item count. */
    final int readBlocks(AvroInput in, boolean store) throws AvroFailure {
      long total = 0;
      while (true) {
        int at = in.position();
        long count = in.readLong();
        if (count == 0) {
          return (int) total;
        }
        int blockStart = -1;
        long blockSize = 0;
        if (count < 0) {
          if (count == Long.MIN_VALUE) {
            throw blockProblem(at, count, "is out of range");
          }
          count = -count;
          int sizeAt = in.position();
          blockSize = in.readLong();
          if (blockSize < 0 || blockSize > in.remaining()) {
            throw new AvroFailure(
                ": " + kind + " block size " + blockSize + " at byte " + sizeAt
                    + " is negative or exceeds the " + in.remaining() + " bytes left");
          }
          blockStart = in.position();
        }
        if (count > in.remaining() / itemMinBytes) {
          throw blockProblem(
              at, count, "is more items than the " + in.remaining() + " bytes left can hold");
        }
        for (long k = 0; k < count; k++) {
          readItem(in, store, total + k);
        }
        if (blockStart >= 0 && in.position() - blockStart != blockSize) {
          throw new AvroFailure(
              ": " + kind + " block at byte " + at + " declares a size of " + blockSize
                  + " bytes, but its items take " + (in.position() - blockStart));
        }
        total += count;
      }
    }

    private AvroFailure blockProblem(int at, long count, String problem) {
      return new AvroFailure(": " + kind + " block count " + count + " at byte " + at + " " + problem);
    }

    @Override
    int minBytes() {
      return 1; // an empty array or map is one zero count
    }
  }

  /** An array; items are nullable when the item schema is a union with null. */
  static final class ArrayReader extends BlockReader {
    private final AvroReader element;
    private final GenericInternalRow slot = new GenericInternalRow(1);
    private final List<Object> values = new ArrayList<>();

    ArrayReader(AvroReader element) {
      super("array", element.minBytes());
      this.element = element;
    }

    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      values.clear();
      readBlocks(in, out != null);
      if (out != null) {
        out.update(ordinal, new GenericArrayData(values.toArray()));
        values.clear();
      }
    }

    @Override
    void readItem(AvroInput in, boolean store, long index) throws AvroFailure {
      try {
        element.read(in, store ? slot : null, 0);
      } catch (AvroFailure f) {
        throw f.under(AvroFailure.index(index));
      }
      if (store) {
        values.add(slot.values()[0]);
        slot.values()[0] = null;
      }
    }
  }

  /** A map: string keys (UTF-8, unique within the map), values of one schema. */
  static final class MapReader extends BlockReader {
    /** Up to this many keys, duplicates are found by comparing bytes; beyond, by hashing. */
    private static final int PAIRWISE_KEYS = 32;

    private final AvroReader valueReader;
    private final GenericInternalRow slot = new GenericInternalRow(1);
    private final List<Object> keys = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();
    private int[] keyStart = new int[PAIRWISE_KEYS];
    private int[] keyLength = new int[PAIRWISE_KEYS];
    private Set<String> manyKeys;

    MapReader(AvroReader valueReader) {
      super("map", 1 + valueReader.minBytes());
      this.valueReader = valueReader;
    }

    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      keys.clear();
      values.clear();
      manyKeys = null;
      readBlocks(in, out != null);
      if (out != null) {
        out.update(
            ordinal,
            new ArrayBasedMapData(new GenericArrayData(keys.toArray()), new GenericArrayData(values.toArray())));
        keys.clear();
        values.clear();
      }
    }

    @Override
    void readItem(AvroInput in, boolean store, long index) throws AvroFailure {
      int length;
      try {
        length = in.readLength("map key");
      } catch (AvroFailure f) {
        throw f.under(AvroFailure.index(index));
      }
      byte[] bytes = in.bytes();
      int start = in.position();
      int bad = AvroUtf8.firstInvalid(bytes, start, length);
      if (bad >= 0) {
        throw new AvroFailure(
                ": map key is not valid UTF-8 (byte 0x" + AvroInput.hex(bytes[start + bad]) + " at byte "
                    + (start + bad) + ")")
            .under(AvroFailure.index(index));
      }
      in.skip(length);
      if (isDuplicate(bytes, start, length, (int) index)) {
        throw new AvroFailure(" appears more than once (duplicate map key)")
            .under(AvroFailure.key(new String(bytes, start, length, UTF_8)));
      }
      try {
        valueReader.read(in, store ? slot : null, 0);
      } catch (AvroFailure f) {
        throw f.under(AvroFailure.key(new String(bytes, start, length, UTF_8)));
      }
      if (store) {
        keys.add(UTF8String.fromBytes(Arrays.copyOfRange(bytes, start, start + length)));
        values.add(slot.values()[0]);
        slot.values()[0] = null;
      }
    }

    /** Whether key number {@code n} repeats an earlier key of this map, which Spark's maps forbid. */
    private boolean isDuplicate(byte[] bytes, int start, int length, int n) {
      if (n < PAIRWISE_KEYS) {
        for (int k = 0; k < n; k++) {
          if (keyLength[k] == length
              && Arrays.equals(bytes, keyStart[k], keyStart[k] + length, bytes, start, start + length)) {
            return true;
          }
        }
        keyStart[n] = start;
        keyLength[n] = length;
        return false;
      }
      if (manyKeys == null) {
        // A big map: hash its keys (an allocation per key, paid only by maps this large).
        manyKeys = new HashSet<>();
        for (int k = 0; k < PAIRWISE_KEYS; k++) {
          manyKeys.add(new String(bytes, keyStart[k], keyLength[k], UTF_8));
        }
      }
      return !manyKeys.add(new String(bytes, start, length, UTF_8));
    }
  }

  /**
   * A union, read as Spark reads it: {@code [null, T]} is a nullable T, {@code [int, long]} a
   * BIGINT, {@code [float, double]} a DOUBLE (each branch a reader writing the same slot); any
   * other a struct of {@code member0..n} (the non-null branches, in order) with one member set.
   */
  static final class UnionReader extends AvroReader {
    /** By branch index; null for the null branch. */
    private final AvroReader[] branches;
    /** By branch index, the member it fills; null when branches write the union's own slot. */
    private final int[] members;
    private final int memberCount;

    UnionReader(AvroReader[] branches, int[] members, int memberCount) {
      this.branches = branches;
      this.members = members;
      this.memberCount = memberCount;
    }

    @Override
    void read(AvroInput in, InternalRow out, int ordinal) throws AvroFailure {
      int at = in.position();
      int index = in.readInt();
      if (index < 0 || index >= branches.length) {
        throw new AvroFailure(
            ": union branch index " + index + " at byte " + at + " is out of range (the union has "
                + branches.length + " branches)");
      }
      AvroReader branch = branches[index];
      if (branch == null) {
        if (out != null) {
          out.setNullAt(ordinal);
        }
      } else if (members == null) {
        branch.read(in, out, ordinal);
      } else {
        GenericInternalRow row = out == null ? null : new GenericInternalRow(memberCount);
        try {
          branch.read(in, row, members[index]);
        } catch (AvroFailure f) {
          throw f.under(AvroFailure.field("member" + members[index]));
        }
        if (out != null) {
          out.update(ordinal, row);
        }
      }
    }

    @Override
    int minBytes() {
      return 1;
    }
  }
}
