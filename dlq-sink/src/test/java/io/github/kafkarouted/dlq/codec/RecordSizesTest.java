package io.github.kafkarouted.dlq.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/** The quick bound must never be below the producer's own estimate, or a too-large record would be sent. */
class RecordSizesTest {

  @Test
  void theQuickBoundIsNeverBelowTheProducersEstimate() {
    Random random = new Random(20261204L);
    for (int n = 0; n < 5_000; n++) {
      byte[] key = random.nextInt(5) == 0 ? null : new byte[random.nextInt(n % 7 == 0 ? 70_000 : 300)];
      byte[] value = random.nextInt(9) == 0 ? null : new byte[random.nextInt(n % 5 == 0 ? 3_000_000 : 2_000)];
      Header[] headers = new Header[random.nextInt(4)];
      for (int h = 0; h < headers.length; h++) {
        StringBuilder name = new StringBuilder();
        for (int c = random.nextInt(40); c > 0; c--) {
          name.append(random.nextBoolean() ? 'k' : '\u00e9').append(random.nextInt(10) == 0 ? "\ud83d\ude00" : "");
        }
        byte[] hv = random.nextInt(4) == 0 ? null : name.toString().getBytes(StandardCharsets.UTF_8);
        headers[h] = new RecordHeader(name.toString(), hv);
      }
      long quick = RecordSizes.quickUpperBound(key, value, headers);
      int exact = RecordSizes.estimatedSize(key, value, headers);
      assertTrue(quick >= exact, "quick " + quick + " < exact " + exact);
    }
  }
}
