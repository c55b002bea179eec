package io.github.kafkarouted.dlq.codec;

import static io.github.kafkarouted.dlq.model.TestDeadLetters.consumed;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.full;
import static io.github.kafkarouted.dlq.model.TestDeadLetters.lastString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.kafkarouted.dlq.model.DeadLetter;
import io.github.kafkarouted.dlq.model.DeadLetterFormat;
import io.github.kafkarouted.dlq.model.DeadLetterHeaders;
import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.model.HeaderStyle;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The name of the broken rule travels with a RULE_VIOLATION dead letter, in every style and format. */
class RuleHeaderTest {

  @ParameterizedTest
  @EnumSource(HeaderStyle.class)
  void theRuleNameRoundTripsInEveryStyleAndFormat(HeaderStyle style) {
    DeadLetter dl = full().reason(DeadLetterReason.RULE_VIOLATION).rule("amount-positive").build();
    for (DeadLetterFormat format : DeadLetterFormat.values()) {
      ProducerRecord<byte[], byte[]> r = new DeadLetterEncoder(style, format, false, 1024 * 1024).encode("dlq", dl);
      if (format == DeadLetterFormat.HEADERS) {
        assertEquals("amount-positive", lastString(r, DeadLetterHeaders.RULE), style + " " + format);
      }
      DeadLetter back = new DeadLetterDecoder().decode(consumed(r)).deadLetter();
      assertEquals("amount-positive", back.rule(), style + " " + format);
      assertEquals(DeadLetterReason.RULE_VIOLATION, back.reason());
    }
    ProducerRecord<byte[], byte[]> none =
        new DeadLetterEncoder(style, DeadLetterFormat.HEADERS, false, 1024 * 1024).encode("dlq", full().build());
    assertNull(lastString(none, DeadLetterHeaders.RULE), "no rule, no header");
  }
}
