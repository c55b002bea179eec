package io.github.kafkarouted.it.demo;

import java.util.Arrays;

/**
 * One {@link Destination} per event sequence number: the generator records where each event should
 * go, the output monitor where it went. A growable byte array, one byte per event.
 *
 * <p>Not thread-safe: each instance belongs to one thread; readers on other threads read it only
 * after that thread has ended (which publishes its writes).
 */
final class EventLedger {
  private static final int MAX_EVENTS = Integer.MAX_VALUE - 16;

  private byte[] codes;
  private int size;

  EventLedger(int initialCapacity) {
    this.codes = new byte[Math.max(1024, initialCapacity)];
  }

  /** Records {@code destination} for {@code seq}; returns the one recorded before, or null. */
  Destination put(long seq, Destination destination) {
    if (seq < 0 || seq >= MAX_EVENTS) {
      throw new IllegalArgumentException("event sequence out of range: " + seq);
    }
    int index = (int) seq;
    if (index >= codes.length) {
      codes = Arrays.copyOf(codes, (int) Math.min(MAX_EVENTS, Math.max(index + 1L, codes.length * 2L)));
    }
    byte previous = codes[index];
    codes[index] = destination.code();
    size = Math.max(size, index + 1);
    return previous == 0 ? null : Destination.ofCode(previous);
  }

  /** The destination recorded for {@code seq}, or null. */
  Destination get(long seq) {
    if (seq < 0 || seq >= size) {
      return null;
    }
    byte code = codes[(int) seq];
    return code == 0 ? null : Destination.ofCode(code);
  }

  /** One more than the highest sequence number recorded. */
  int size() {
    return size;
  }
}
