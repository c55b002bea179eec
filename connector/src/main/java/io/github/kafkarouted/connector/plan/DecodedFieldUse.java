package io.github.kafkarouted.connector.plan;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GetStructField;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Which top-level fields of the decoded value resolved expressions read: {@code data.priority} reads
 * one field; {@code data} itself (as in {@code to_json(data)}) reads them all. Writers then
 * materialize only those fields and just validate the rest.
 */
final class DecodedFieldUse {

  private DecodedFieldUse() {}

  static boolean[] fieldsRead(List<Expression> expressions, Attribute decoded, int fieldCount) {
    boolean[] read = new boolean[fieldCount];
    for (Expression e : expressions) {
      collect(e, decoded, read);
    }
    return read;
  }

  private static void collect(Expression e, Attribute decoded, boolean[] read) {
    if (e instanceof GetStructField get && isDecoded(get.child(), decoded)) {
      read[get.ordinal()] = true;
      return;
    }
    if (isDecoded(e, decoded)) {
      Arrays.fill(read, true);
      return;
    }
    for (Expression child : CollectionConverters.asJava(e.children())) {
      collect(child, decoded, read);
    }
  }

  private static boolean isDecoded(Expression e, Attribute decoded) {
    return e instanceof Attribute a && a.exprId().equals(decoded.exprId());
  }
}
