package io.github.kafkarouted.connector.config;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * The {@code validation.*} options, parsed once: the schema a record value must match, whether it
 * may have undeclared fields, and the name route expressions give the decoded value. Immutable.
 *
 * @param schema the {@code validation.schema} DDL, or null for no validation
 * @param alias the column name of the decoded value in route expressions ({@code validation.alias})
 */
public record ValidationConf(String schema, boolean allowUnknownFields, String alias) {

  /** A name route expressions can use unquoted: {@code data.priority}. */
  static final Pattern ALIAS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static ValidationConf parse(AbstractConfig parsed, boolean aliasSet) {
    String ddl = parsed.getString(SinkOptions.VALIDATION_SCHEMA);
    String schema = ddl == null || ddl.isBlank() ? null : ddl;
    String alias = parsed.getString(SinkOptions.VALIDATION_ALIAS).trim();
    if (aliasSet && schema == null) {
      throw new ConfigException(
          SinkOptions.VALIDATION_ALIAS,
          alias,
          "It names the decoded value in route expressions, which only exists with "
              + SinkOptions.VALIDATION_SCHEMA
              + ": set that too, or remove this option.");
    }
    return new ValidationConf(
        schema, parsed.getBoolean(SinkOptions.VALIDATION_ALLOW_UNKNOWN_FIELDS), alias);
  }

  /** Whether values are validated (and can be decoded for route expressions). */
  public boolean enabled() {
    return schema != null;
  }
}
