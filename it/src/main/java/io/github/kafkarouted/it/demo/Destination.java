package io.github.kafkarouted.it.demo;

/**
 * Where an event ends up: one of the three routes or the dead-letter topic. The generator records
 * the expected one per event, the output monitor the actual one; the summary compares them.
 * Immutable.
 */
public enum Destination {
  URGENT(DemoTopics.URGENT),
  ERROR(DemoTopics.ERROR),
  STANDARD(DemoTopics.STANDARD),
  DEAD_LETTER(DemoTopics.DEAD_LETTERS);

  private static final Destination[] BY_CODE = values();

  private final String topic;

  Destination(String topic) {
    this.topic = topic;
  }

  public String topic() {
    return topic;
  }

  /** Whether this is one of the routes (not the dead-letter topic). */
  public boolean routed() {
    return this != DEAD_LETTER;
  }

  /** A non-zero byte for {@link EventLedger}; 0 means "none". */
  byte code() {
    return (byte) (ordinal() + 1);
  }

  /** The destination of a non-zero {@link #code()}. */
  static Destination ofCode(byte code) {
    return BY_CODE[code - 1];
  }

  /** The destination whose topic is {@code topic}, or {@code null}. */
  static Destination ofTopic(String topic) {
    for (Destination d : BY_CODE) {
      if (d.topic.equals(topic)) {
        return d;
      }
    }
    return null;
  }
}
