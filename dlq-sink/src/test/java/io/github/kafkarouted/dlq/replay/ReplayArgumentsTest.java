package io.github.kafkarouted.dlq.replay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ReplayArgumentsTest {

  private static String error(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> ReplayArguments.parse(args)).getMessage();
  }

  @Test
  void aFullCommandLine() {
    ReplayArguments a =
        ReplayArguments.parse(
            "--dlq-topic", "orders-dlq", "--bootstrap-servers", "b:9092", "--reason", "NO_ROUTE,SEND_FAILED",
            "--from", "2026-11-24T00:00:00Z", "--target-topic", "orders", "--where", "source_partition = 1",
            "--to-topic", "orders-retry", "--max-replays", "5", "--kafka", "security.protocol=SSL",
            "--sink", "dlq.topic=other", "--dry-run");
    assertTrue(a.dryRun());
    String description = a.replay().toString();
    assertTrue(description.contains("topic orders-dlq"), description);
    assertTrue(description.contains("reason IN ('NO_ROUTE', 'SEND_FAILED')"), description);
    assertTrue(description.contains("to orders-retry"), description);
    assertTrue(description.contains("maxReplays 5"), description);
  }

  @Test
  void severalDlqTopicsAreReadTogether() {
    String description =
        ReplayArguments.parse("--dlq-topic", "orders-dlq, orders-oversize", "--bootstrap-servers", "b:9092")
            .replay()
            .toString();
    assertTrue(description.contains("from topics orders-dlq,orders-oversize "), description);
  }

  @Test
  void theTargetOfAReplayIsNoneOfItsDlqTopics() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ReplayArguments.parse(
                "--dlq-topic", "orders-dlq,orders-oversize", "--bootstrap-servers", "b:9092", "--to-topic", "orders-oversize"));
    assertTrue(e.getMessage().contains("orders-oversize"), e.getMessage());
  }

  @Test
  void helpNeedsNothingElse() {
    assertTrue(ReplayArguments.parse("--help").help());
    assertFalse(ReplayArguments.parse("--delta-path", "/t", "--bootstrap-servers", "b:1").help());
  }

  @Test
  void usageErrorsNameTheArgument() {
    assertTrue(error("--bootstrap-servers", "b:1").contains("--dlq-topic"));
    assertTrue(error("--dlq-topic", "a", "--delta-path", "/t", "--bootstrap-servers", "b:1").contains("exactly one"));
    assertTrue(error("--dlq-topic", "a").contains("--bootstrap-servers"));
    assertTrue(error("--dlq-topic", "a", "--bootstrap-servers", "b:1", "--from", "yesterday").contains("--from"));
    assertTrue(error("--dlq-topic", "a", "--bootstrap-servers", "b:1", "--max-replays", "0").contains("--max-replays"));
    assertTrue(error("--dlq-topic", "a", "--bootstrap-servers", "b:1", "--reason", "BAD").contains("BAD"));
    assertTrue(error("--dlq-topic", "--bootstrap-servers", "b:1").contains("--dlq-topic needs a value"));
    assertTrue(error("--nope").contains("--nope"));
    assertTrue(error("--dlq-topic", "a", "--bootstrap-servers", "b:1", "--kafka", "novalue").contains("KEY=VALUE"));
  }
}
