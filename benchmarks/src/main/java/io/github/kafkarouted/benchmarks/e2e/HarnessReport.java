package io.github.kafkarouted.benchmarks.e2e;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything one harness run measured, with the settings and the machine. Serialised as {@code
 * results.json}. Immutable.
 */
public record HarnessReport(
    String mode,
    String startedAt,
    double durationSeconds,
    Map<String, Object> settings,
    Map<String, Object> machine,
    List<CellResult> cells,
    List<SaturationResult> saturation) {

  public HarnessReport {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    machine = Collections.unmodifiableMap(new LinkedHashMap<>(machine));
    cells = List.copyOf(cells);
    saturation = List.copyOf(saturation);
  }

  static Map<String, Object> settingsOf(HarnessSettings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("spark.master", "local[" + s.cores() + "]");
    m.put("partitions", s.partitions());
    m.put("ratePerSecond", s.ratePerSecond());
    m.put("valueBytes", StampedEvents.VALUE_BYTES);
    m.put("invalidFraction", 1.0 / StampedEvents.INVALID_EVERY);
    m.put("sink.linger.ms", HarnessSettings.SINK_LINGER_MS);
    m.put("source.kafka.fetch.max.wait.ms", HarnessSettings.SOURCE_FETCH_MAX_WAIT_MS);
    m.put("warmupSeconds", s.warmup().toSeconds());
    m.put("measureSeconds", s.measure().toSeconds());
    m.put("saturationRecords", s.saturationRecords());
    m.put("saturationRounds", s.saturationRounds());
    m.put("latency", "output LogAppendTime - input send stamp (value sent_ms = input CreateTime)");
    return m;
  }

  static Map<String, Object> currentMachine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    m.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    return m;
  }

  public Optional<CellResult> cell(E2eSink sink, E2eTrigger trigger) {
    return cells.stream()
        .filter(c -> c.sink().equals(sink.label()) && c.trigger().equals(trigger.label()) && c.ok())
        .findFirst();
  }

  /**
   * The saturation throughput of {@code sink} (rows/s of batch time): the mean over the rounds
   * after the first (which warms up the JIT), or the first if it was the only one.
   */
  public OptionalDouble saturationRowsPerSecond(E2eSink sink) {
    List<SaturationResult> runs =
        saturation.stream().filter(r -> r.sink().equals(sink.label()) && "ok".equals(r.status())).toList();
    boolean warmedUp = runs.stream().anyMatch(r -> r.round() > 1);
    return runs.stream()
        .filter(r -> !warmedUp || r.round() > 1)
        .mapToDouble(SaturationResult::rowsPerSecond)
        .average();
  }
}
