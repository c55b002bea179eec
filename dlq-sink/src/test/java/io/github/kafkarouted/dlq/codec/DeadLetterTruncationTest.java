package io.github.kafkarouted.dlq.codec;

import static io.github.kafkarouted.dlq.model.TestDeadLetters.DLQ;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.lastString;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import io.github.kafkarouted.dlq.model.TestDeadLetters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeadLetterTruncationTest {

  private static final int LIMIT = 64 * 1024;

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    return b;
  }

  private static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static void assertTruncationHeaders(ProducerRecord<byte[], byte[]> r, byte[] original) throws Exception {
    assertEquals("true", lastString(r, "kafka-routed.dlq.value.truncated"));
    assertEquals(Integer.toString(original.length), lastString(r, "kafka-routed.dlq.value.original.size"));
    assertEquals(sha256(original), lastString(r, "kafka-routed.dlq.value.sha256"));
    int size = RecordSizes.estimatedSize(r);
    assertTrue(size <= LIMIT - DeadLetterEncoder.SAFETY_MARGIN_BYTES, "estimated size " + size);
  }

  @ParameterizedTest
  @EnumSource(HeaderStyle.class)
  void headersFormatCutsTheValueToAPrefixThatFits(HeaderStyle style) throws Exception {
    byte[] original = randomBytes(200_000);
    DeadLetterEncoder encoder = new DeadLetterEncoder(style, DeadLetterFormat.HEADERS, true, LIMIT);
    ProducerRecord<byte[], byte[]> r = encoder.encode(DLQ, TestDeadLetters.full().value(original).build());
    assertTruncationHeaders(r, original);
    assertTrue(r.value().length > LIMIT - 4 * 1024, "cut no more than needed: " + r.value().length);
    assertArrayEquals(Arrays.copyOf(original, r.value().length), r.value());
  }

  @Test
  void jsonFormatCutsABinaryValueAndStaysValidJson() throws Exception {
    byte[] original = randomBytes(200_000);
    DeadLetterEncoder encoder = new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.JSON, false, LIMIT);
    ProducerRecord<byte[], byte[]> r = encoder.encode(DLQ, TestDeadLetters.full().value(original).build());
    assertTruncationHeaders(r, original);
    JsonNode j = new ObjectMapper().readTree(r.value());
    assertEquals("base64", j.get("valueEncoding").textValue());
    byte[] prefix = Base64.getDecoder().decode(j.get("value").textValue());
    assertTrue(prefix.length > 40_000, "prefix " + prefix.length);
    assertArrayEquals(Arrays.copyOf(original, prefix.length), prefix);
    assertTrue(j.get("valueTruncated").booleanValue());
    assertEquals(original.length, j.get("valueOriginalSize").intValue());
    assertEquals(sha256(original), j.get("valueSha256").textValue());
  }

  @Test
  void jsonFormatCutsUtf8ValueOnACharacterBoundary() throws Exception {
    // 3-byte characters and characters JSON must escape, so the cut and the expansion both matter.
    String text = "€\"\n".repeat(40_000);
    byte[] original = text.getBytes(StandardCharsets.UTF_8);
    DeadLetterEncoder encoder = new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.JSON, false, LIMIT);
    ProducerRecord<byte[], byte[]> r = encoder.encode(DLQ, TestDeadLetters.full().value(original).build());
    assertTruncationHeaders(r, original);
    JsonNode j = new ObjectMapper().readTree(r.value());
    assertEquals("utf8", j.get("valueEncoding").textValue());
    String prefix = j.get("value").textValue();
    assertTrue(text.startsWith(prefix));
    assertTrue(prefix.length() > 10_000, "prefix " + prefix.length());
  }

  @Test
  void aValueThatFitsIsNotTouched() {
    byte[] original = randomBytes(10_000);
    DeadLetterEncoder encoder = new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, true, LIMIT);
    ProducerRecord<byte[], byte[]> r = encoder.encode(DLQ, TestDeadLetters.full().value(original).build());
    assertSame(original, r.value());
    assertNull(r.headers().lastHeader("kafka-routed.dlq.value.truncated"));
  }

  @Test
  void aValueJustAboveTheBudgetIsCutToExactlyTheBudget() {
    DeadLetterEncoder encoder = new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false, LIMIT);
    DeadLetter base = TestDeadLetters.full().value(new byte[0]).build();
    int overhead = RecordSizes.estimatedSize(encoder.encode(DLQ, base));
    byte[] original = randomBytes(encoder.sizeBudget() - overhead + 10);
    ProducerRecord<byte[], byte[]> r = encoder.encode(DLQ, base.toBuilder().value(original).build());
    assertTrue(r.value().length < original.length);
    assertTrue(RecordSizes.estimatedSize(r) <= encoder.sizeBudget());
    assertTrue(RecordSizes.estimatedSize(r) > encoder.sizeBudget() - 200, "no needless cut");
  }

  @Test
  void aDeadLetterThatCannotFitEvenWithoutValueKeepsAKeyPrefixInsteadOfFailingForever() {
    DeadLetterEncoder encoder = new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false, LIMIT);
    byte[] key = randomBytes(LIMIT);
    DeadLetter dl = TestDeadLetters.full().key(key).value(randomBytes(LIMIT)).build();
    ProducerRecord<byte[], byte[]> r = encoder.encode(DLQ, dl);
    assertTrue(RecordSizes.estimatedSize(r) <= encoder.sizeBudget());
    assertArrayEquals(java.util.Arrays.copyOf(key, encoder.sizeBudget() / 4), r.key());
    String message = new String(r.headers().lastHeader(DeadLetterHeaders.ERROR_MESSAGE).value(), StandardCharsets.UTF_8);
    assertTrue(message.contains("the key was cut from " + LIMIT), message);
    assertTrue(message.contains("original headers were dropped"), message);
    assertEquals(
        Integer.toString(LIMIT),
        new String(r.headers().lastHeader(DeadLetterHeaders.VALUE_ORIGINAL_SIZE).value(), StandardCharsets.UTF_8));
  }

  @Test
  void tooSmallMaxRequestSizeIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new DeadLetterEncoder(HeaderStyle.NATIVE, DeadLetterFormat.HEADERS, false, 1000));
    assertEquals("max.request.size of the DLQ producer must be >= 4096, got 1000", e.getMessage());
  }

  @Test
  void estimatedSizeGrowsWithEveryPart() {
    ProducerRecord<byte[], byte[]> small = new ProducerRecord<>("t", utf8("k"), utf8("v"));
    ProducerRecord<byte[], byte[]> bigger = new ProducerRecord<>("t", utf8("k"), new byte[1000]);
    assertTrue(RecordSizes.estimatedSize(bigger) >= RecordSizes.estimatedSize(small) + 999);
    ProducerRecord<byte[], byte[]> withHeader = new ProducerRecord<>("t", utf8("k"), utf8("v"));
    withHeader.headers().add("h", new byte[100]);
    assertTrue(RecordSizes.estimatedSize(withHeader) >= RecordSizes.estimatedSize(small) + 101);
    assertTrue(RecordSizes.fits(small, RecordSizes.estimatedSize(small)));
    assertTrue(!RecordSizes.fits(small, RecordSizes.estimatedSize(small) - 1));
  }
}
