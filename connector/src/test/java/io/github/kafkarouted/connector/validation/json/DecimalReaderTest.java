package io.github.kafkarouted.connector.validation.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kafkarouted.connector.validation.DecodedFields;
import io.github.kafkarouted.connector.validation.ValueDecoder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * DECIMAL(p,s) decoding: the BigDecimal-free path of plain numbers must accept, refuse and decode
 * exactly as the rule says (no rounding: integer digits of a non-zero value at most p-s,
 * significant fraction digits at most s), checked here against BigDecimal over many numbers.
 */
class DecimalReaderTest {

  private static final List<int[]> TYPES =
      List.of(new int[] {10, 2}, new int[] {18, 0}, new int[] {18, 18}, new int[] {5, 5}, new int[] {3, 0},
          new int[] {38, 10}, new int[] {19, 4});

  @Test
  void plainAndExponentNumbersDecodeAsBigDecimalSays() {
    Random random = new Random(20261204L);
    List<String> fixed =
        List.of("0", "-0", "0.0", "0.000", "1", "-1", "12.5", "12.50", "0.05", "-0.001", "99999999.99",
            "100000000.00", "123456789012345678", "1234567890123456789", "0.123456789012345678",
            "0.1234567890123456789", "1e2", "1.5E-2", "-0.0e5", "123.4560000000000000000", "5.5", "0.5");
    for (int[] type : TYPES) {
      for (String number : fixed) {
        check(type[0], type[1], number);
      }
      for (int n = 0; n < 2000; n++) {
        check(type[0], type[1], randomNumber(random));
      }
    }
  }

  private static String randomNumber(Random random) {
    StringBuilder b = new StringBuilder();
    if (random.nextBoolean()) {
      b.append('-');
    }
    int integerDigits = random.nextInt(21);
    if (integerDigits == 0 || random.nextInt(4) == 0) {
      b.append('0');
    } else {
      b.append((char) ('1' + random.nextInt(9)));
      for (int i = 1; i < integerDigits; i++) {
        b.append((char) ('0' + random.nextInt(10)));
      }
    }
    if (random.nextBoolean()) {
      b.append('.');
      int fractionDigits = 1 + random.nextInt(21);
      for (int i = 0; i < fractionDigits; i++) {
        b.append(random.nextInt(3) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
      }
    }
    if (random.nextInt(8) == 0) {
      b.append('e').append(random.nextInt(7) - 3);
    }
    return b.toString();
  }

  private static void check(int precision, int scale, String number) {
    JsonSchemaValidator format = JsonSchemaValidator.fromDdl("d DECIMAL(" + precision + "," + scale + ")", false);
    ValueDecoder decoder = format.newDecoder(DecodedFields.of(new boolean[] {true}, "UTC"));
    String problem = decoder.decode(("{\"d\": " + number + "}").getBytes(StandardCharsets.UTF_8));
    BigDecimal value = new BigDecimal(number);
    String label = number + " as decimal(" + precision + "," + scale + ")";
    if (value.signum() != 0 && value.precision() - value.scale() > precision - scale) {
      assertTrue(problem != null && problem.endsWith("(too many integer digits)"), label + ": " + problem);
      return;
    }
    BigDecimal scaled;
    try {
      scaled = value.setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      assertTrue(problem != null && problem.endsWith("(too many fractional digits)"), label + ": " + problem);
      return;
    }
    assertNull(problem, label);
    assertEquals(scaled, decoder.decoded().getDecimal(0, precision, scale).toJavaBigDecimal(), label);
  }
}
