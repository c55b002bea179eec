package io.github.kafkarouted.dlq.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class OptionParsingTest {

  @Test
  void headerStyleParsesEveryValueCaseInsensitively() {
    assertEquals(HeaderStyle.NATIVE, HeaderStyle.fromOption("native"));
    assertEquals(HeaderStyle.CONNECT, HeaderStyle.fromOption("Connect"));
    assertEquals(HeaderStyle.STREAMS, HeaderStyle.fromOption(" STREAMS "));
    assertEquals(HeaderStyle.SPRING, HeaderStyle.fromOption("spring"));
    for (HeaderStyle style : HeaderStyle.values()) {
      assertEquals(style, HeaderStyle.fromOption(style.optionValue()));
    }
  }

  @Test
  void headerStyleRejectsUnknownValueNamingTheOption() {
    ConfigException e = assertThrows(ConfigException.class, () -> HeaderStyle.fromOption("kafka"));
    assertEquals("Invalid value kafka for configuration dlq.headers: must be one of native, connect, streams, spring",
        e.getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> HeaderStyle.fromOption(null)).getMessage()
        .contains("dlq.headers"));
  }

  @Test
  void formatParsesBothValues() {
    assertEquals(DeadLetterFormat.HEADERS, DeadLetterFormat.fromOption("headers"));
    assertEquals(DeadLetterFormat.JSON, DeadLetterFormat.fromOption("JSON"));
    assertEquals(DeadLetterFormat.HEADERS, DeadLetterFormat.DEFAULT);
  }

  @Test
  void formatRejectsUnknownValueNamingTheOption() {
    ConfigException e = assertThrows(ConfigException.class, () -> DeadLetterFormat.fromOption("avro"));
    assertEquals("Invalid value avro for configuration dlq.format: must be one of headers, json", e.getMessage());
  }
}
