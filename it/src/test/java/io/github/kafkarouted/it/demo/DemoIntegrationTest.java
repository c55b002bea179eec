package io.github.kafkarouted.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs the demo's main logic in its short mode (15 s of events, bad records on) in this JVM, on
 * its own embedded broker, under the micro-batch and Real-Time Mode triggers, and checks its
 * summary: every acknowledged event routed or dead-lettered exactly once, on the topic it belongs
 * to, each kind of bad event with its reason; and nothing left behind in the temp directory.
 */
class DemoIntegrationTest {

  @ParameterizedTest
  @EnumSource(value = DemoTrigger.class, names = {"MICROBATCH", "REALTIME"})
  void shortRunAccountsForEveryEvent(DemoTrigger trigger) throws IOException {
    DemoOptions options =
        DemoOptions.parse(
            List.of("--trigger", trigger.flagValue(), "--duration", "15s", "--rate", "200", "--bad-records", "--plain"));
    Set<Path> demoDirsBefore = demoTempDirs();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();

    DemoSummary summary;
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      summary = new Demo(options, out, false).run();
      out.print(summary.render());
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    System.out.println(output);

    assertNull(summary.failure(), output);
    assertTrue(summary.input() >= 1_000, "too few events for a 15 s run at 200/s: " + summary.input());
    assertEquals(summary.input(), summary.routed() + summary.deadLetters() + summary.droppedOrZero(), output);
    assertEquals(0, summary.misrouted(), output);
    assertEquals(0, summary.unexpected(), output);
    assertEquals(0, summary.conflicting(), output);
    assertEquals(
        summary.inputByKind().get(EventKind.MALFORMED) + summary.inputByKind().get(EventKind.INVALID),
        summary.deadLettersByReason().getOrDefault("SCHEMA_INVALID", 0L),
        output);
    assertEquals(
        summary.inputByKind().get(EventKind.OVERSIZE),
        summary.deadLettersByReason().getOrDefault("RECORD_TOO_LARGE", 0L),
        output);
    assertEquals(
        summary.inputByKind().get(EventKind.NO_ROUTE),
        summary.deadLettersByReason().getOrDefault("NO_ROUTE", 0L),
        output);
    assertTrue(summary.latency().count() > 0, output);
    assertTrue(summary.passed(), output);
    assertTrue(output.contains("PASS: input = routed + dead letters + dropped"), output);
    assertEquals(demoDirsBefore, demoTempDirs(), "the demo left its temp directory behind");
  }

  private static Set<Path> demoTempDirs() throws IOException {
    try (Stream<Path> files = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("kr-demo-")).collect(Collectors.toSet());
    }
  }
}
