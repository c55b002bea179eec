package io.github.kafkarouted.dlq.codec;

import static io.github.kafkarouted.dlq.codec.DeadLetterJsonFields.*;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.ValueTruncation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes and reads the JSON object of {@link DeadLetterFormat#JSON} (fields in {@link
 * DeadLetterJsonFields}). Stateless apart from a shared, never reconfigured and thread-safe {@link
 * ObjectMapper}.
 */
final class JsonEnvelope {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonEnvelope() {}

  /**
   * The JSON bytes of a dead letter whose value is cut to {@code valueLength} bytes.
   *
   * @param valueAsUtf8 write the value as a string (the caller checked the whole value is UTF-8 and
   *     cuts on a character boundary), else base64
   * @param truncation non-null when {@code valueLength} is shorter than the value
   */
  static byte[] encode(DeadLetter dl, String message, String stackTrace, int valueLength,
      boolean valueAsUtf8, ValueTruncation truncation) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + valueLength);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField(SCHEMA_VERSION, DeadLetterHeaders.CURRENT_SCHEMA_VERSION);
      g.writeStringField(REASON, dl.reason().name());
      g.writeStringField(ERROR_CLASS, dl.errorClass());
      g.writeStringField(ERROR_MESSAGE, message);
      if (stackTrace != null) {
        g.writeStringField(STACK_TRACE, stackTrace);
      }
      g.writeArrayFieldStart(TARGET_TOPICS);
      for (String topic : dl.targetTopics()) {
        g.writeString(topic);
      }
      g.writeEndArray();
      writeSource(g, dl);
      g.writeStringField(QUERY_ID, dl.queryId());
      g.writeNumberField(BATCH_ID, dl.batchId());
      g.writeNumberField(FAILED_AT_MILLIS, dl.failedAtMillis());
      g.writeNumberField(REPLAY_COUNT, dl.replayCount());
      if (dl.rule() != null) {
        g.writeStringField(RULE, dl.rule());
      }
      writeNullableLong(g, TIMESTAMP_MILLIS, dl.timestampMillis());
      byte[] key = dl.key();
      writeBytes(g, KEY, KEY_ENCODING, key, key == null ? 0 : key.length, isUtf8(key));
      writeBytes(g, VALUE, VALUE_ENCODING, dl.value(), valueLength, valueAsUtf8);
      if (truncation != null) {
        g.writeBooleanField(VALUE_TRUNCATED, true);
        g.writeNumberField(VALUE_ORIGINAL_SIZE, truncation.originalSize());
        g.writeStringField(VALUE_SHA256, truncation.sha256Hex());
      }
      writeHeaders(g, dl.headers());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen writing to memory", e);
    }
    return out.toByteArray();
  }

  private static void writeSource(JsonGenerator g, DeadLetter dl) throws IOException {
    g.writeStringField(SOURCE_TOPIC, dl.sourceTopic());
    if (dl.sourcePartition() == null) {
      g.writeNullField(SOURCE_PARTITION);
    } else {
      g.writeNumberField(SOURCE_PARTITION, dl.sourcePartition());
    }
    writeNullableLong(g, SOURCE_OFFSET, dl.sourceOffset());
  }

  private static void writeNullableLong(JsonGenerator g, String field, Long v) throws IOException {
    if (v == null) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, v);
    }
  }

  private static void writeHeaders(JsonGenerator g, List<Header> headers) throws IOException {
    g.writeArrayFieldStart(HEADERS);
    for (Header h : headers) {
      byte[] v = h.value();
      g.writeStartObject();
      g.writeStringField(HEADER_KEY, h.key());
      writeBytes(g, HEADER_VALUE, HEADER_ENCODING, v, v == null ? 0 : v.length, isUtf8(v));
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static boolean isUtf8(byte[] b) {
    return b != null && ByteCodec.isValidUtf8(b, b.length);
  }

  private static void writeBytes(JsonGenerator g, String field, String encodingField, byte[] b,
      int length, boolean asUtf8) throws IOException {
    if (b == null) {
      g.writeNullField(field);
      return;
    }
    if (asUtf8) {
      g.writeStringField(field, new String(b, 0, length, StandardCharsets.UTF_8));
      g.writeStringField(encodingField, ENCODING_UTF8);
    } else {
      byte[] slice = length == b.length ? b : java.util.Arrays.copyOf(b, length);
      g.writeStringField(field, Base64.getEncoder().encodeToString(slice));
      g.writeStringField(encodingField, ENCODING_BASE64);
    }
  }

  // ---------------------------------------------------------------- reading

  /**
   * Parses a JSON dead letter into a builder.
   *
   * @throws IllegalArgumentException if the bytes are not a JSON dead letter
   */
  static DeadLetter.Builder decode(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("dead letter value is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("dead letter value is not a JSON object");
    }
    return DeadLetter.builder()
        .reason(DeadLetterReason.valueOf(requiredText(root, REASON)))
        .errorClass(requiredText(root, ERROR_CLASS))
        .errorMessage(text(root, ERROR_MESSAGE))
        .stackTrace(text(root, STACK_TRACE))
        .targetTopics(strings(root.path(TARGET_TOPICS)))
        .sourceTopic(text(root, SOURCE_TOPIC))
        .sourcePartition(isNull(root, SOURCE_PARTITION) ? null : root.get(SOURCE_PARTITION).intValue())
        .sourceOffset(longOrNull(root, SOURCE_OFFSET))
        .queryId(requiredText(root, QUERY_ID))
        .batchId(requiredLong(root, BATCH_ID))
        .failedAtMillis(requiredLong(root, FAILED_AT_MILLIS))
        .replayCount(root.path(REPLAY_COUNT).asInt(0))
        .rule(text(root, RULE))
        .timestampMillis(longOrNull(root, TIMESTAMP_MILLIS))
        .key(bytes(root, KEY, KEY_ENCODING))
        .value(bytes(root, VALUE, VALUE_ENCODING))
        .headers(headers(root.path(HEADERS)));
  }

  private static boolean isNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull();
  }

  private static String text(JsonNode node, String field) {
    return isNull(node, field) ? null : node.get(field).asText();
  }

  private static String requiredText(JsonNode node, String field) {
    String s = text(node, field);
    if (s == null) {
      throw new IllegalArgumentException("JSON dead letter has no field " + field);
    }
    return s;
  }

  private static Long longOrNull(JsonNode node, String field) {
    return isNull(node, field) ? null : node.get(field).longValue();
  }

  private static long requiredLong(JsonNode node, String field) {
    if (isNull(node, field) || !node.get(field).canConvertToLong()) {
      throw new IllegalArgumentException("JSON dead letter has no integer field " + field);
    }
    return node.get(field).longValue();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static byte[] bytes(JsonNode node, String field, String encodingField) {
    String s = text(node, field);
    if (s == null) {
      return null;
    }
    String encoding = text(node, encodingField);
    if (ENCODING_BASE64.equals(encoding)) {
      return Base64.getDecoder().decode(s);
    }
    if (ENCODING_UTF8.equals(encoding)) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException(
        "JSON dead letter field " + encodingField + " must be utf8 or base64, got " + encoding);
  }

  private static List<Header> headers(JsonNode array) {
    List<Header> out = new ArrayList<>();
    for (JsonNode h : array) {
      out.add(new RecordHeader(requiredText(h, HEADER_KEY), bytes(h, HEADER_VALUE, HEADER_ENCODING)));
    }
    return out;
  }
}
