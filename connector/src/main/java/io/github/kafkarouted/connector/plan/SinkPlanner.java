package io.github.kafkarouted.connector.plan;

import io.github.kafkarouted.connector.config.ProducerSettingsCheck;
import io.github.kafkarouted.connector.config.RouteOption;
import io.github.kafkarouted.connector.config.RuleOption;
import io.github.kafkarouted.connector.quality.RuleTable;
import io.github.kafkarouted.connector.config.SinkConf;
import io.github.kafkarouted.connector.config.SinkOptions;
import io.github.kafkarouted.connector.routing.RouteTable;
import io.github.kafkarouted.connector.routing.TopicPolicy;
import io.github.kafkarouted.connector.config.ValidationConf;
import io.github.kafkarouted.connector.validation.DecodedFields;
import io.github.kafkarouted.connector.validation.ValueFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.optimizer.ReplaceExpressions;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.classic.Dataset;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns the parsed options and the input schema into a {@link WriterSpec}, on the driver, once per
 * query start: checks the record columns the way Spark's kafka sink does, then parses, resolves
 * and type-checks every route expression against the input schema with Spark's own analyzer, so
 * that a typo fails {@code start()} with the option's name instead of a task at run time.
 */
public final class SinkPlanner {

  private final SinkConf conf;
  private final StructType schema;
  private final ValueFormat valueFormat;
  private final Dataset<Row> empty;
  private final LogicalPlan inputPlan;

  private SinkPlanner(SparkSession spark, SinkConf conf, StructType schema) {
    this.conf = conf;
    this.schema = schema;
    ValidationConf validation = conf.validation();
    this.valueFormat = ValueFormats.build(validation, spark);
    // An empty relation with the input's schema (plus the decoded value, last): expressions
    // resolved against it refer to the same attributes, in the same order, as the rows the
    // writers will evaluate them on.
    StructType resolvable = schema;
    if (valueFormat != null) {
      checkAliasIsFree(validation.alias());
      resolvable = schema.add(validation.alias(), valueFormat.schema(), false);
    }
    this.empty = (Dataset<Row>) spark.createDataFrame(Collections.<Row>emptyList(), resolvable);
    this.inputPlan = empty.queryExecution().analyzed();
  }

  /** Route expressions could not tell an input column from the decoded value of the same name. */
  private void checkAliasIsFree(String alias) {
    for (StructField f : schema.fields()) {
      // Spark's analyser matches names case-insensitively by default.
      if (f.name().equalsIgnoreCase(alias)) {
        throw new IllegalArgumentException(
            "The input has a column '"
                + f.name()
                + "', which is also the name of the decoded value in route expressions ("
                + SinkOptions.VALIDATION_ALIAS
                + "="
                + alias
                + "). Set "
                + SinkOptions.VALIDATION_ALIAS
                + " to another name, e.g. "
                + SinkOptions.VALIDATION_ALIAS
                + "=event, and write event.<field> in route expressions; or rename the column.");
      }
    }
  }

  /** Resolves {@code conf} against {@code schema} with the active session's analyzer. */
  public static WriterSpec plan(SinkConf conf, StructType schema) {
    return new SinkPlanner(SparkSession.active(), conf, schema).plan();
  }

  /**
   * What every front-end does at start: {@link #plan}, then {@link TopicCheck} against the
   * brokers, whose answer tells writers whether to check computed topics themselves.
   */
  public static WriterSpec planAndCheckTopics(SinkConf conf, StructType schema) {
    WriterSpec spec = plan(conf, schema);
    return spec.withComputedTopics(TopicCheck.run(conf));
  }

  private WriterSpec plan() {
    List<RouteOption> routes = conf.routes();
    boolean hasTopicColumn = field(RecordLayout.TOPIC_COLUMN) != null;
    boolean topicColumnIsDefault = conf.defaultTopic() == null && hasTopicColumn;
    if (routes.isEmpty() && conf.defaultTopic() == null && !hasTopicColumn) {
      throw new IllegalArgumentException(
          "No way to pick a topic: set the 'topic' option, give the input a 'topic' column, or"
              + " declare routes with route.<n>.topic. (Spark's kafka sink: topic option required"
              + " when no 'topic' attribute is present.)");
    }

    List<Expression> out = new ArrayList<>(RecordLayout.expressions(new InputColumns(topicColumnIsDefault)));

    List<RouteTable.Route> tableRoutes = new ArrayList<>();
    List<Expression> topicExprs = new ArrayList<>();
    StringBuilder description = new StringBuilder("kafka-routed[");
    description.append(conf.routingMode().name().toLowerCase().replace('_', '-')).append(": ");
    for (RouteOption route : routes) {
      String whenKey = route.key(SinkOptions.ROUTE_WHEN_SUFFIX);
      out.add(route.when() == null ? resolve(whenKey, "true") : condition(whenKey, route.when()));
      topicExprs.add(
          route.hasLiteralTopic()
              ? resolve(route.topicKey(), "CAST(NULL AS STRING)")
              : topicExpression(route.topicKey(), route.topicExpr()));
      tableRoutes.add(
          new RouteTable.Route(route.topic(), route.when() != null, route.topicKey()));
      description
          .append(route.hasLiteralTopic() ? route.topic() : route.topicExpr())
          .append(route.when() == null ? "" : " when " + route.when())
          .append("; ");
    }
    out.addAll(topicExprs);
    List<RuleTable.Rule> rules = new ArrayList<>();
    for (RuleOption rule : conf.rules()) {
      out.add(condition(rule.key(), rule.sql()));
      rules.add(new RuleTable.Rule(rule.name(), rule.sql(), rule.action()));
      description.append("rule ").append(rule.name()).append(": ").append(rule.action().optionValue()).append("; ");
    }
    description
        .append("default: ")
        .append(
            conf.defaultTopic() != null
                ? conf.defaultTopic()
                : topicColumnIsDefault ? "<topic column>" : "none")
        .append(conf.dlqTopic() == null ? "" : "; dlq: " + conf.dlqTopic())
        .append(conf.dlqTopicsByReason().isEmpty() ? "" : "; dlq by reason: " + conf.dlqTopicsByReason())
        .append(conf.dlqDeltaOption() == null ? "" : "; dlq delta: " + (conf.dlqDeltaPath() != null ? conf.dlqDeltaPath() : conf.dlqDeltaTable()))
        .append("]");

    RouteTable table =
        new RouteTable(tableRoutes, conf.routingMode(), conf.defaultTopic(), topicColumnIsDefault);
    Attribute[] input =
        CollectionConverters.asJava(inputPlan.output())
            .toArray(new Attribute[0]);
    return new WriterSpec(
        out.toArray(new Expression[0]),
        input,
        table,
        new RuleTable(rules),
        conf.errorBudget(),
        conf.unmatchedPolicy(),
        conf.producerSettings(),
        ProducerSettingsCheck.maxRequestSize(conf.producerSettings(), SinkOptions.KAFKA_PREFIX),
        DeadLetterPlanner.plan(conf, empty.sparkSession()),
        valueFormat,
        decodedFields(out.subList(RecordLayout.FIELDS, out.size())),
        conf.idempotencyKeys(),
        conf.exactlyOnce(),
        ComputedTopics.UNCHECKED,
        new TopicPolicy(conf.dlqTopicOptions().keySet(), conf.topicAllowed()),
        description.toString());
  }

  /** The fields of the decoded value that {@code routeFields} read, so writers decode only those. */
  private DecodedFields decodedFields(List<Expression> routeFields) {
    if (valueFormat == null) {
      return DecodedFields.NONE;
    }
    Attribute decoded = inputPlan.output().last();
    boolean[] read =
        DecodedFieldUse.fieldsRead(routeFields, decoded, valueFormat.schema().fields().length);
    return DecodedFields.of(read, empty.sparkSession().sessionState().conf().sessionLocalTimeZone());
  }

  private Expression valueExpression() {
    if (!conf.jsonValue()) {
      if (field(RecordLayout.VALUE_COLUMN) == null) {
        throw new IllegalArgumentException(
            "Required attribute 'value' not found. Give the input a string or binary 'value'"
                + " column, or set "
                + SinkOptions.VALUE_FORMAT
                + "=json to write the other columns as a JSON object.");
      }
      return recordColumn(RecordLayout.VALUE_COLUMN, null, DataTypes.StringType, DataTypes.BinaryType);
    }
    String columns =
        Arrays.stream(schema.fields())
            .map(StructField::name)
            .filter(n -> !RecordLayout.RECORD_COLUMNS.contains(n))
            .map(SinkPlanner::quote)
            .collect(Collectors.joining(", "));
    if (columns.isEmpty()) {
      throw new IllegalArgumentException(
          SinkOptions.VALUE_FORMAT
              + "=json needs at least one input column besides key, topic, partition and headers.");
    }
    return resolve(SinkOptions.VALUE_FORMAT, "CAST(to_json(struct(" + columns + ")) AS BINARY)");
  }

  /** A record column cast to binary where Kafka wants bytes, or {@code absent} when missing. */
  private Expression recordColumn(String name, String absent, DataType... allowed) {
    StructField f = field(name);
    if (f == null) {
      return resolve(name + " column", absent);
    }
    if (Arrays.stream(allowed).noneMatch(t -> sameType(t, f.dataType()))) {
      throw new IllegalArgumentException(
          name
              + " attribute unsupported type "
              + f.dataType().catalogString()
              + ". "
              + name
              + " must be a(n) "
              + Arrays.stream(allowed).map(DataType::catalogString).collect(Collectors.joining(" or ")));
    }
    boolean toBinary = name.equals(RecordLayout.KEY_COLUMN) || name.equals(RecordLayout.VALUE_COLUMN);
    return resolve(name + " column", toBinary ? "CAST(" + quote(name) + " AS BINARY)" : quote(name));
  }

  /** The input columns as {@link RecordLayout} builds record fields from them. */
  private final class InputColumns implements RecordLayout.Columns {
    private final boolean topicColumnIsDefault;

    InputColumns(boolean topicColumnIsDefault) {
      this.topicColumnIsDefault = topicColumnIsDefault;
    }

    @Override
    public Expression column(String name, String absentSql, DataType... allowed) {
      return recordColumn(name, absentSql, allowed);
    }

    @Override
    public Expression value() {
      return valueExpression();
    }

    @Override
    public boolean topicColumnIsDefault() {
      return topicColumnIsDefault;
    }

    @Override
    public DataType typeOf(String name) {
      StructField f = field(name);
      return f == null ? null : f.dataType();
    }

    @Override
    public Expression sql(String label, String sql) {
      return resolve(label, sql);
    }
  }

  private Expression condition(String option, String sql) {
    return typed(option, sql, DataTypes.BooleanType::equals, "boolean", "");
  }

  private Expression topicExpression(String option, String sql) {
    return typed(
        option, sql, t -> t instanceof StringType, "string", " Wrap it in CAST(... AS STRING).");
  }

  /** Resolves {@code sql}; fails, naming the option, unless {@code ok} accepts its type. */
  private Expression typed(
      String option, String sql, Predicate<DataType> ok, String expected, String hint) {
    Expression e = resolve(option, sql);
    if (!ok.test(e.dataType())) {
      throw new IllegalArgumentException(
          "Option '"
              + option
              + "' must be a "
              + expected
              + " SQL expression, but '"
              + sql
              + "' is of type "
              + e.dataType().catalogString()
              + "."
              + hint);
    }
    return e;
  }

  /** Parses and resolves {@code sql} over the input columns; errors name {@code option}. */
  private Expression resolve(String option, String sql) {
    LogicalPlan analyzed;
    try {
      analyzed = ((Dataset<Row>) empty.selectExpr(sql)).queryExecution().analyzed();
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "Option '"
              + option
              + "' is not a valid SQL expression over the input columns "
              + Arrays.toString(schema.fieldNames())
              + (valueFormat == null
                  ? ""
                  : " and the decoded value '" + conf.validation().alias() + "' (" + valueFormat.schema().simpleString() + ")")
              + ": "
              + firstLine(e.getMessage())
              + decodedValueHint(sql),
          e);
    }
    // Expressions that Spark only rewrites at optimization (nvl, if, ...) cannot be compiled as
    // they are; rewrite them the way the optimizer would.
    LogicalPlan replaced = ReplaceExpressions.apply(analyzed);
    if (!(replaced instanceof Project project) || project.projectList().size() != 1) {
      throw new IllegalArgumentException(
          "Option '"
              + option
              + "' must be a per-row expression (no aggregate, window or generator functions): "
              + sql);
    }
    NamedExpression named = project.projectList().head();
    Expression e = named instanceof Alias alias ? alias.child() : (Expression) named;
    // A window or generator function is analysed into operators below the projection (Window,
    // Generate), and the expression then refers to their output, which a writer's row never has.
    if (!project.child().sameResult(inputPlan) || !e.references().subsetOf(inputPlan.outputSet())) {
      throw new IllegalArgumentException(
          "Option '"
              + option
              + "' must be a per-row expression over the input columns (no aggregate, window or"
              + " generator functions): "
              + sql);
    }
    EvaluableCheck.require(option, sql, e);
    return e;
  }

  /** A route written on the decoded value, in a sink that does not decode values. */
  private String decodedValueHint(String sql) {
    String alias = conf.validation().alias();
    if (valueFormat != null || !java.util.regex.Pattern.compile("(?i)\\b" + alias + "\\.").matcher(sql).find()) {
      return "";
    }
    return ". Route expressions read the decoded value as "
        + alias
        + ".<field> only when "
        + SinkOptions.VALIDATION_SCHEMA
        + " declares its schema: set "
        + SinkOptions.VALIDATION_SCHEMA
        + " (or "
        + SinkOptions.VALIDATION_FORMAT
        + "=avro with "
        + SinkOptions.VALIDATION_AVRO_SCHEMA
        + ").";
  }

  private StructField field(String name) {
    // Exact-case match, as Spark's kafka sink finds its columns.
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static boolean sameType(DataType expected, DataType actual) {
    if (expected instanceof StringType) {
      return actual instanceof StringType;
    }
    return expected.sameType(actual);
  }

  static String quote(String column) {
    return "`" + column.replace("`", "``") + "`";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
