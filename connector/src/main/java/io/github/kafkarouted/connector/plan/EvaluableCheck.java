package io.github.kafkarouted.connector.plan;

import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Unevaluable;
import scala.collection.Iterator;

/** Rejects expressions that a writer cannot evaluate row by row (Python UDFs, subqueries, ...). */
final class EvaluableCheck {

  private EvaluableCheck() {}

  static void require(String option, String sql, Expression root) {
    Expression bad = findUnevaluable(root);
    if (bad != null) {
      throw new IllegalArgumentException(
          "Option '"
              + option
              + "' cannot be evaluated row by row in the sink ("
              + bad.prettyName()
              + " in '"
              + sql
              + "'). Compute it in the query before the sink instead.");
    }
  }

  private static Expression findUnevaluable(Expression e) {
    // Attributes are unevaluable until bound to the input row, which the writer's projection does.
    if (e instanceof Unevaluable && !(e instanceof Attribute)) {
      return e;
    }
    Iterator<Expression> children = e.children().iterator();
    while (children.hasNext()) {
      Expression bad = findUnevaluable(children.next());
      if (bad != null) {
        return bad;
      }
    }
    return null;
  }
}
