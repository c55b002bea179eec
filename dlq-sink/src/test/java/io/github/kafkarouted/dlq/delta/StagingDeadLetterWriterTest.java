package io.github.kafkarouted.dlq.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingDeadLetterWriterTest {

  @TempDir Path tmp;

  private static DeadLetter deadLetter(long offset) {
    return DeadLetter.builder()
        .key("k".getBytes(StandardCharsets.UTF_8))
        .value(new byte[] {0, (byte) 0xFF})
        .headers(List.of(new RecordHeader(DeadLetterHeaders.RECORD_REPLAY_COUNT, "2".getBytes(StandardCharsets.UTF_8))))
        .reason(DeadLetterReason.SCHEMA_INVALID)
        .errorClass("x.Invalid")
        .sourceTopic("orders")
        .sourcePartition(0)
        .sourceOffset(offset)
        .queryId("q")
        .batchId(4)
        .failedAtMillis(1_700_000_000_000L)
        .replayCount(2)
        .build();
  }

  @Test
  void oneJsonLinePerDeadLetterWithBase64Bytes() throws Exception {
    String dir = DeadLetterStaging.batchDirectory(tmp.toString(), "q", 4);
    StagingDeadLetterWriter writer = new StagingDeadLetterWriter(dir, DeadLetterStaging.fileName(1, 7), new Configuration());
    writer.write(deadLetter(10));
    writer.write(deadLetter(11));
    writer.flushAndCheck();
    writer.close();
    Path file = Path.of(writer.stagedFile());
    assertTrue(file.startsWith(tmp.resolve("_kafka_routed_staging/q/4")), file.toString());
    List<String> lines = Files.readAllLines(file);
    assertEquals(2, lines.size());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertEquals(Base64.getEncoder().encodeToString(new byte[] {0, (byte) 0xFF}), first.get("value").asText());
    assertEquals("SCHEMA_INVALID", first.get("reason").asText());
    assertEquals(10, first.get("source_offset").asLong());
    assertEquals(2, first.get("replay_count").asInt());
    assertEquals(2L, writer.writtenCount());
  }

  @Test
  void noDeadLetterNoFile() {
    StagingDeadLetterWriter writer =
        new StagingDeadLetterWriter(tmp.resolve("b").toString(), "part.jsonl", new Configuration());
    writer.flushAndCheck();
    assertNull(writer.stagedFile());
    assertFalse(Files.exists(tmp.resolve("b")));
  }

  @Test
  void anAbortedTaskLeavesNoFile() {
    StagingDeadLetterWriter writer =
        new StagingDeadLetterWriter(tmp.resolve("c").toString(), "part.jsonl", new Configuration());
    writer.write(deadLetter(1));
    writer.close();
    assertFalse(Files.exists(tmp.resolve("c").resolve("part.jsonl")));
    assertNull(writer.stagedFile());
    assertThrows(IllegalStateException.class, () -> writer.write(deadLetter(2)));
  }

  @Test
  void theReplayCountHeaderIsReadLeniently() {
    assertEquals(0, DeadLetterHeaders.replayCountOf(List.of()));
    assertEquals(3, DeadLetterHeaders.replayCountOf(List.of(
        new RecordHeader(DeadLetterHeaders.RECORD_REPLAY_COUNT, "1".getBytes(StandardCharsets.UTF_8)),
        new RecordHeader(DeadLetterHeaders.RECORD_REPLAY_COUNT, "3".getBytes(StandardCharsets.UTF_8)))));
    assertEquals(0, DeadLetterHeaders.replayCountOf(List.of(
        new RecordHeader(DeadLetterHeaders.RECORD_REPLAY_COUNT, "x".getBytes(StandardCharsets.UTF_8)))));
  }
}
