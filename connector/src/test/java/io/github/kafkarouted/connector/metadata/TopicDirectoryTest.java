package io.github.kafkarouted.connector.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.common.TopicCollection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The directory as a pool of Admin clients, with a fake clock and no evictor thread: eviction runs
 * when the test says. No broker: the clients are real but point at a closed port, and every
 * look-up fails at once (the look-up itself is covered by the integration tests).
 */
class TopicDirectoryTest {

  private static final Map<String, Object> UNREACHABLE =
      Map.of(
          "bootstrap.servers", "127.0.0.1:1",
          "request.timeout.ms", 500,
          "default.api.timeout.ms", 1000,
          "reconnect.backoff.ms", 50,
          "reconnect.backoff.max.ms", 100);

  private final AtomicLong now = new AtomicLong(1_000);
  private final List<RecordingAdmin> created = new ArrayList<>();
  private Runnable duringLookUp = () -> {};
  private final TopicDirectory directory =
      new TopicDirectory(
          config -> {
            RecordingAdmin admin = new RecordingAdmin(config);
            created.add(admin);
            return admin;
          },
          now::get,
          60_000,
          null);

  /** A real Admin client that records its closing and answers no look-up. */
  private final class RecordingAdmin extends ForwardingAdmin {
    volatile boolean closed;

    RecordingAdmin(Map<String, Object> config) {
      super(config);
    }

    @Override
    public DescribeTopicsResult describeTopics(TopicCollection topics, DescribeTopicsOptions options) {
      duringLookUp.run();
      throw new IllegalStateException("no broker in this test");
    }

    @Override
    public void close(Duration timeout) {
      closed = true;
      super.close(Duration.ZERO);
    }
  }

  @AfterEach
  void closeDirectory() {
    directory.close();
  }

  private void lookUp(Map<String, Object> config) {
    assertThrows(IllegalStateException.class, () -> directory.lookUp(config, "t", false));
  }

  @Test
  void sameConfigSharesOneClient() {
    lookUp(UNREACHABLE);
    lookUp(Map.of(
        "reconnect.backoff.max.ms", 100,
        "reconnect.backoff.ms", 50,
        "default.api.timeout.ms", 1000,
        "request.timeout.ms", 500,
        "bootstrap.servers", "127.0.0.1:1"));
    assertEquals(1, created.size());
    assertEquals(1, directory.size());
  }

  @Test
  void idleClientIsClosedOnlyAfterTheTimeout() {
    lookUp(UNREACHABLE);
    now.addAndGet(59_999);
    directory.evictIdle();
    assertEquals(1, directory.size(), "idle less than the timeout: kept");
    assertFalse(created.get(0).closed);

    now.addAndGet(1);
    directory.evictIdle();
    assertEquals(0, directory.size());
    assertTrue(created.get(0).closed, "idle for the timeout: closed");

    lookUp(UNREACHABLE);
    assertEquals(2, created.size(), "the next look-up makes a new client");
  }

  @Test
  void clientInUseIsNotEvicted() {
    AtomicBoolean closedDuringLookUp = new AtomicBoolean();
    duringLookUp =
        () -> {
          now.addAndGet(120_000);
          directory.evictIdle();
          closedDuringLookUp.set(created.get(0).closed);
        };
    lookUp(UNREACHABLE);
    assertFalse(closedDuringLookUp.get(), "a client is not closed under a running look-up");
    assertEquals(1, directory.size());
  }

  @Test
  void closeClosesEveryClientAndLaterLookUpsFail() {
    lookUp(UNREACHABLE);
    Map<String, Object> other = new HashMap<>(UNREACHABLE);
    other.put("client.id", "other");
    lookUp(other);
    assertEquals(2, created.size());

    directory.close();
    directory.close(); // second close is a no-op

    assertTrue(created.stream().allMatch(a -> a.closed), "every client closed");
    assertEquals(0, directory.size());
    IllegalStateException closed =
        assertThrows(IllegalStateException.class, () -> directory.lookUp(UNREACHABLE, "t", false));
    assertEquals("The topic directory is closed", closed.getMessage());
    assertEquals(2, created.size(), "no client made after close");
  }
}
