package io.github.kafkarouted.it.reliability;

import io.github.kafkarouted.it.kafka.KafkaTestCluster;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** A topic's end offsets per partition, from the cluster's Admin client. */
final class EndOffsets {

  private EndOffsets() {}

  static Map<Integer, Long> of(KafkaTestCluster kafka, String topic, int partitions) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    Map<Integer, Long> end = new TreeMap<>();
    kafka.admin().listOffsets(request).all().get(60, TimeUnit.SECONDS)
        .forEach((tp, info) -> end.put(tp.partition(), info.offset()));
    return end;
  }
}
