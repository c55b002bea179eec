package io.github.kafkarouted.benchmarks.e2e;

import io.github.kafkarouted.it.TempDirectories;
import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one cell of the latency matrix on a shared broker and session: fresh topics (input with
 * CreateTime, outputs with {@code message.timestamp.type=LogAppendTime}), the sink's query under
 * the cell's trigger, the {@link RateProducer} for warm-up + measured window, the {@link
 * LatencyConsumer} on the outputs, then a drain until the window's records arrived (or the drain
 * limit), and the query stopped.
 *
 * <p>Stateless; use from the driver thread.
 */
final class LatencyCell {
  private static final Logger LOG = LoggerFactory.getLogger(LatencyCell.class);
  private static final Duration QUIET_END = Duration.ofSeconds(5);

  private LatencyCell() {}

  static CellResult run(
      KafkaTestCluster kafka, SparkSession spark, HarnessSettings settings, HarnessSettings.Cell cell, int index)
      throws InterruptedException {
    String prefix = "e2e" + index + "-" + cell.sink().label() + "-" + cell.trigger().label();
    String input = prefix + "-in";
    SinkQueries.OutputTopics out = SinkQueries.OutputTopics.of(cell.sink(), prefix);
    kafka.createTopic(input, settings.partitions());
    for (String topic : out.all()) {
      kafka.createTopic(topic, settings.partitions(), Map.of("message.timestamp.type", "LogAppendTime"));
    }
    String checkpoint = TempDirectories.createDeletedAtExit("kr-e2e-cp-").toString();
    StreamingQuery query;
    try {
      query =
          SinkQueries.start(
              spark, kafka.sparkKafkaOptions(), cell.sink(), input, out, prefix.replace('-', '_'),
              checkpoint, cell.trigger()::apply);
    } catch (TimeoutException | RuntimeException e) {
      // Spark refuses the combination at start(): the cell is not applicable.
      LOG.warn("Cell {} cannot start: {}", cell.id(), e.toString());
      return CellResult.notApplicable(cell, "n/a", firstLine(e));
    }
    Duration total = settings.warmup().plus(settings.measure());
    try (RateProducer producer =
        new RateProducer(
            kafka.clientProperties(), input, settings.partitions(), settings.ratePerSecond(), total,
            settings.warmup(), total)) {
      long start = producer.start();
      long measureFrom = start + settings.warmup().toMillis();
      long measureTo = measureFrom + settings.measure().toMillis();
      try (LatencyConsumer consumer =
          new LatencyConsumer(kafka.clientProperties(), out.measured(), out.deadLetters(), measureFrom, measureTo)) {
        producer.awaitDone(Duration.ofSeconds(10));
        if (producer.failed() > 0) {
          throw new IllegalStateException(
              producer.failed() + " input records of " + cell.id() + " were not acknowledged", producer.firstError());
        }
        // The routed sinks write invalid records to the dead-letter topic, which is not measured.
        long expected = cell.sink().routed() ? producer.sentInWindowValid() : producer.sentInWindow();
        long drainEnd = System.nanoTime() + settings.drainLimit().toNanos();
        while (System.nanoTime() < drainEnd
            && consumer.measured() < expected
            && consumer.quietFor().compareTo(QUIET_END) < 0
            && query.isActive()) {
          Thread.sleep(100);
        }
        boolean active = query.isActive();
        stop(query);
        consumer.close();
        if (!active && query.exception().isDefined()) {
          return CellResult.notApplicable(cell, "failed", firstLine(query.exception().get()));
        }
        if (consumer.failure() != null) {
          throw consumer.failure();
        }
        if (consumer.notLogAppendTime() > 0) {
          throw new IllegalStateException(
              consumer.notLogAppendTime() + " output records of " + cell.id() + " were not LogAppendTime");
        }
        LatencyHistogram h = consumer.histogram();
        double seconds = total.toMillis() / 1000.0;
        CellResult result =
            new CellResult(
                cell.sink().label(), cell.trigger().label(), "ok", "",
                producer.sent(), expected, consumer.measured(), consumer.deadLetters(),
                producer.acked() / seconds,
                consumer.appendedInWindow() / (settings.measure().toMillis() / 1000.0),
                h.percentile(0.50), h.percentile(0.90), h.percentile(0.99), h.percentile(0.999), h.max(),
                h.cdf());
        LOG.info(
            "Cell {}: measured {}/{} p50 {} p90 {} p99 {} p99.9 {} max {} ms, out {} rec/s, dead letters {}",
            cell.id(), result.measured(), expected, result.p50(), result.p90(), result.p99(), result.p999(),
            result.max(), Math.round(result.outputRate()), result.deadLetters());
        return result;
      }
    } finally {
      stop(query);
    }
  }

  private static void stop(StreamingQuery query) {
    try {
      if (query.isActive()) {
        query.stop();
      }
    } catch (TimeoutException e) {
      LOG.warn("Query {} did not stop in time", query.name(), e);
    }
  }

  static String firstLine(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).trim();
  }
}
