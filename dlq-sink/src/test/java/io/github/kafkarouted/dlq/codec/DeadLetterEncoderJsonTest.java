package io.github.kafkarouted.dlq.codec;

import static io.github.kafkarouted.dlq.model.TestDeadLetters.DLQ;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.lastString;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.model.TestDeadLetters;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterEncoderJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ProducerRecord<byte[], byte[]> encode(boolean stack, DeadLetter dl) {
    return new DeadLetterEncoder(HeaderStyle.CONNECT, DeadLetterFormat.JSON, stack, 1024 * 1024).encode(DLQ, dl);
  }

  private static JsonNode json(ProducerRecord<byte[], byte[]> r) throws Exception {
    return MAPPER.readTree(r.value());
  }

  @Test
  void valueIsAJsonObjectWithEveryContextField() throws Exception {
    DeadLetter dl = TestDeadLetters.full().build();
    ProducerRecord<byte[], byte[]> r = encode(true, dl);
    JsonNode j = json(r);
    assertEquals(1, j.get("schemaVersion").intValue());
    assertEquals("RECORD_TOO_LARGE", j.get("reason").textValue());
    assertEquals("org.apache.kafka.common.errors.RecordTooLargeException", j.get("errorClass").textValue());
    assertEquals("The message is 2000000 bytes", j.get("errorMessage").textValue());
    assertTrue(j.get("stackTrace").textValue().contains("at X.y(X.java:1)"));
    assertEquals(List.of("orders.eu", "orders.us"), MAPPER.convertValue(j.get("targetTopics"), List.class));
    assertEquals("orders-in", j.get("sourceTopic").textValue());
    assertEquals(3, j.get("sourcePartition").intValue());
    assertEquals(1042L, j.get("sourceOffset").longValue());
    assertEquals("9f1c-query", j.get("queryId").textValue());
    assertEquals(17L, j.get("batchId").longValue());
    assertEquals(TestDeadLetters.FAILED_AT, j.get("failedAtMillis").longValue());
    assertEquals(2, j.get("replayCount").intValue());
    assertEquals(TestDeadLetters.TIMESTAMP, j.get("timestampMillis").longValue());
    assertFalse(j.has("valueTruncated"));
  }

  @Test
  void bytesAreUtf8StringsWhenValidElseBase64() throws Exception {
    DeadLetter dl = TestDeadLetters.full().build();
    JsonNode j = json(encode(false, dl));
    assertEquals("order-7", j.get("key").textValue());
    assertEquals("utf8", j.get("keyEncoding").textValue());
    assertEquals("base64", j.get("valueEncoding").textValue());
    assertArrayEquals(dl.value(), Base64.getDecoder().decode(j.get("value").textValue()));
    JsonNode headers = j.get("headers");
    assertEquals(3, headers.size());
    assertEquals("trace", headers.get(0).get("key").textValue());
    assertEquals("abc", headers.get(0).get("value").textValue());
    assertEquals("utf8", headers.get(0).get("encoding").textValue());
    assertEquals("bin", headers.get(1).get("key").textValue());
    assertEquals("gA==", headers.get(1).get("value").textValue());
    assertEquals("base64", headers.get(1).get("encoding").textValue());
    assertTrue(headers.get(2).get("value").isNull());
    assertFalse(headers.get(2).has("encoding"));
  }

  @Test
  void utf8ValueIsEmbeddedAsText() throws Exception {
    JsonNode j = json(encode(false, TestDeadLetters.full().value(utf8("{\"id\":7,\"name\":\"Zoë\"}")).build()));
    assertEquals("{\"id\":7,\"name\":\"Zoë\"}", j.get("value").textValue());
    assertEquals("utf8", j.get("valueEncoding").textValue());
  }

  @Test
  void recordKeyAndTimestampAreKeptAndHeadersAreOnlyOurs() {
    DeadLetter dl = TestDeadLetters.full().build();
    ProducerRecord<byte[], byte[]> r = encode(false, dl);
    assertSame(dl.key(), r.key());
    assertEquals(TestDeadLetters.TIMESTAMP, r.timestamp());
    List<String> names = new ArrayList<>();
    r.headers().forEach(h -> names.add(h.key()));
    assertEquals(List.of("kafka-routed.dlq.format", "kafka-routed.dlq.schema.version", "kafka-routed.dlq.reason",
        "kafka-routed.idempotency.key"), names);
    assertEquals("json", lastString(r, "kafka-routed.dlq.format"));
    assertEquals("RECORD_TOO_LARGE", lastString(r, "kafka-routed.dlq.reason"));
  }

  @Test
  void stackTraceOnlyWhenEnabledAndNullsAreExplicit() throws Exception {
    JsonNode j = json(encode(false, TestDeadLetters.full().errorMessage(null).timestampMillis(null)
        .sourceTopic(null).sourcePartition(null).sourceOffset(null).key(null).build()));
    assertFalse(j.has("stackTrace"));
    assertTrue(j.get("errorMessage").isNull());
    assertTrue(j.get("timestampMillis").isNull());
    assertTrue(j.get("sourcePartition").isNull());
    assertTrue(j.get("key").isNull());
    assertFalse(j.has("keyEncoding"));
    assertNull(json(encode(true, TestDeadLetters.full().stackTrace(null).build())).get("stackTrace"));
  }
}
