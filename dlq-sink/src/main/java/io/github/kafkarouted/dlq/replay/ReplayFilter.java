package io.github.kafkarouted.dlq.replay;

import io.github.kafkarouted.dlq.model.DeadLetterReason;
import io.github.kafkarouted.dlq.table.DeadLetterColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.functions;

/**
 * Which dead letters to replay, as one predicate over {@link DeadLetterColumns}: reasons, a time
 * range of {@link DeadLetterColumns#DEAD_LETTERED_AT}, an intended topic and any SQL predicate, all
 * combined with AND. The predicate is built as an expression tree ({@link #toColumn()}), never by
 * pasting text together: the user's SQL predicate is parsed on its own as one expression, so it
 * cannot close a parenthesis and escape the AND (a {@code where} of {@code "true) OR (true"} is
 * refused, not a filter that selects everything). {@link #toSql()} is for display. Immutable; the
 * {@code with*} methods return copies.
 */
public final class ReplayFilter {

  private final Set<DeadLetterReason> reasons;
  private final Instant from;
  private final Instant until;
  private final String targetTopic;
  private final String where;

  private ReplayFilter(Set<DeadLetterReason> reasons, Instant from, Instant until, String targetTopic, String where) {
    // Sorted (enum order), so the SQL is the same on every run.
    this.reasons = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(reasons));
    this.from = from;
    this.until = until;
    this.targetTopic = targetTopic;
    this.where = where;
  }

  /** Every dead letter. */
  public static ReplayFilter all() {
    return new ReplayFilter(new TreeSet<>(), null, null, null, null);
  }

  /** Only these reasons (added to any reasons already chosen). */
  public ReplayFilter withReasons(Iterable<DeadLetterReason> more) {
    Set<DeadLetterReason> all = new TreeSet<>(reasons);
    more.forEach(all::add);
    return new ReplayFilter(all, from, until, targetTopic, where);
  }

  /**
   * Only these reasons, by name (case-insensitive).
   *
   * @throws IllegalArgumentException naming an unknown reason and the known ones
   */
  public ReplayFilter withReasonNames(Iterable<String> names) {
    List<DeadLetterReason> parsed = new ArrayList<>();
    for (String name : names) {
      try {
        parsed.add(DeadLetterReason.valueOf(name.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown dead-letter reason '" + name + "'; known: " + List.of(DeadLetterReason.values()), e);
      }
    }
    return withReasons(parsed);
  }

  /** Only dead letters that failed at or after {@code from} and before {@code until} (either may be null). */
  public ReplayFilter withTimeRange(Instant from, Instant until) {
    if (from != null && until != null && !from.isBefore(until)) {
      throw new IllegalArgumentException("the time range is empty: " + from + " is not before " + until);
    }
    return new ReplayFilter(reasons, from, until, targetTopic, where);
  }

  /** Only dead letters meant for this topic. */
  public ReplayFilter withTargetTopic(String topic) {
    return new ReplayFilter(reasons, from, until, topic, where);
  }

  /**
   * Only dead letters matching this SQL predicate over the dead-letter columns (ANDed with the rest).
   *
   * @throws IllegalArgumentException if {@code sql} is not one SQL expression
   */
  public ReplayFilter withWhere(String sql) {
    if (sql != null && sql.isBlank()) {
      throw new IllegalArgumentException("the SQL predicate is empty");
    }
    if (sql != null) {
      try {
        CatalystSqlParser$.MODULE$.parseExpression(sql);
      } catch (Exception e) { // Spark's ParseException is a checked exception thrown from Scala
        throw new IllegalArgumentException(
            "the SQL predicate '" + sql + "' is not one SQL expression: " + firstLine(e.getMessage()), e);
      }
    }
    return new ReplayFilter(reasons, from, until, targetTopic, sql);
  }

  /** The predicate as an expression tree; {@code lit(true)} for all. */
  public Column toColumn() {
    Column predicate = functions.lit(true);
    if (!reasons.isEmpty()) {
      predicate = predicate.and(functions.col(DeadLetterColumns.REASON).isin(reasons.stream().map(Enum::name).toArray()));
    }
    Column at = functions.col(DeadLetterColumns.DEAD_LETTERED_AT);
    if (from != null) {
      predicate = predicate.and(at.geq(functions.timestamp_millis(functions.lit(from.toEpochMilli()))));
    }
    if (until != null) {
      predicate = predicate.and(at.lt(functions.timestamp_millis(functions.lit(until.toEpochMilli()))));
    }
    if (targetTopic != null) {
      predicate = predicate.and(functions.array_contains(functions.col(DeadLetterColumns.TARGET_TOPICS), targetTopic));
    }
    if (where != null) {
      // Null counts as "not selected", as in a WHERE clause.
      predicate = predicate.and(functions.coalesce(functions.expr(where), functions.lit(false)));
    }
    return predicate;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /**
   * The predicate as text for display, e.g. {@code reason IN ('NO_ROUTE') AND
   * array_contains(target_topics, 'a')}; {@code true} for all. Filtering uses {@link #toColumn()}.
   */
  public String toSql() {
    List<String> parts = new ArrayList<>();
    if (!reasons.isEmpty()) {
      List<String> quoted = new ArrayList<>();
      for (DeadLetterReason r : reasons) {
        quoted.add(literal(r.name()));
      }
      parts.add(DeadLetterColumns.REASON + " IN (" + String.join(", ", quoted) + ")");
    }
    if (from != null) {
      parts.add(DeadLetterColumns.DEAD_LETTERED_AT + " >= timestamp_millis(" + from.toEpochMilli() + ")");
    }
    if (until != null) {
      parts.add(DeadLetterColumns.DEAD_LETTERED_AT + " < timestamp_millis(" + until.toEpochMilli() + ")");
    }
    if (targetTopic != null) {
      parts.add("array_contains(" + DeadLetterColumns.TARGET_TOPICS + ", " + literal(targetTopic) + ")");
    }
    if (where != null) {
      parts.add("(" + where + ")");
    }
    return parts.isEmpty() ? "true" : String.join(" AND ", parts);
  }

  /** A SQL string literal. */
  static String literal(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Override
  public String toString() {
    return toSql();
  }
}
