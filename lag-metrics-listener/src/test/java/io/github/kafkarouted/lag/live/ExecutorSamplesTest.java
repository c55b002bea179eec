package io.github.kafkarouted.lag.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On a cluster the executors' messages cross the network in Spark's RPC (Java serialization). */
class ExecutorSamplesTest {

  @Test
  void aMessageSurvivesJavaSerializationWhateverMapJmxReturned() throws Exception {
    Map<String, Long> fromJmx = new HashMap<>(Map.of("rowsIn", 5L, "deadLetters.reason.NO_ROUTE", 1L));
    ExecutorSamples sent =
        new ExecutorSamples(
            "3",
            List.of(new ConsumerPartitionSample("consumer-g-1", "orders_eu", 2, 40, 3, 0)),
            List.of(new SinkOutcomeSample("q", "r", fromJmx)));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sent);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertEquals(sent, in.readObject());
    }
  }
}
