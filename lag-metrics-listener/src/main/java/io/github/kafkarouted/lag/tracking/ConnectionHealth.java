package io.github.kafkarouted.lag.tracking;

import io.github.kafkarouted.lag.offsets.KafkaConnection;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which clusters' last call failed. A cluster that stays down is asked again every poll; this
 * keeps the log to one warning when it starts failing and one line when it is reachable again.
 *
 * <p>Not thread-safe: poll thread only.
 */
final class ConnectionHealth {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHealth.class);

  /** Connections whose last call failed, with the failure text. */
  private final Map<KafkaConnection, String> failing = new HashMap<>();

  void failed(KafkaConnection c, String what, Exception e) {
    String text = what + ": " + e;
    if (failing.put(c, text) == null) {
      LOG.warn("Lag metrics: {} on {} failed; will retry every poll: {}", what, c, e.toString());
    } else {
      LOG.debug("Lag metrics: {} on {} still failing", what, c, e);
    }
  }

  void recovered(KafkaConnection c) {
    if (failing.remove(c) != null) {
      LOG.info("Lag metrics: {} reachable again", c);
    }
  }

  /** Forgets connections no longer in use, so a cluster used again later is logged afresh. */
  void retainOnly(Collection<KafkaConnection> inUse) {
    failing.keySet().retainAll(inUse);
  }
}
