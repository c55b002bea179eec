package io.github.kafkarouted.it.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a streaming query's checkpoint from outside the query (the driver may be dead): the last
 * committed batch ({@code commits/<id>}) and a batch's end offsets of one Kafka topic ({@code
 * offsets/<id>}: a version line, the batch metadata, then one JSON line per source such as {@code
 * {"topic":{"0":123,"1":456}}}, each offset the next one to read). Spark writes these files
 * atomically, so reading them while the query runs is safe. Stateless between calls.
 */
final class CheckpointLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String topic;

  CheckpointLog(Path dir, String topic) {
    this.dir = dir;
    this.topic = topic;
  }

  /** Id of the last batch in {@code commits/}, if any. */
  OptionalLong lastCommittedBatch() {
    return lastBatch(dir.resolve("commits"));
  }

  /** Id of the last batch in {@code offsets/} (planned, or run in Real-Time Mode), if any. */
  OptionalLong lastLoggedBatch() {
    return lastBatch(dir.resolve("offsets"));
  }

  /** Offsets up to which every record is written and committed; empty before the first commit. */
  Map<Integer, Long> committedOffsets() {
    OptionalLong last = lastCommittedBatch();
    return last.isPresent() ? endOffsets(last.getAsLong()).orElseThrow() : Map.of();
  }

  /** End offsets of {@code batch} (per partition, the next offset to read), if logged. */
  Optional<Map<Integer, Long>> endOffsets(long batch) {
    Path file = dir.resolve("offsets").resolve(Long.toString(batch));
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (String line : lines.subList(2, lines.size())) {
        JsonNode partitions = JSON.readTree(line).get(topic);
        if (partitions != null) {
          Map<Integer, Long> offsets = new TreeMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = partitions.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            offsets.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
          }
          return Optional.of(offsets);
        }
      }
      throw new IllegalStateException("No offsets of topic " + topic + " in " + file + ": " + lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OptionalLong lastBatch(Path log) {
    if (!Files.isDirectory(log)) {
      return OptionalLong.empty();
    }
    try (Stream<Path> files = Files.list(log)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.matches("\\d+"))
          .mapToLong(Long::parseLong)
          .max();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
