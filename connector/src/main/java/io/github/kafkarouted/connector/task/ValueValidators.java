package io.github.kafkarouted.connector.task;

import io.github.kafkarouted.connector.dispatch.ValueValidator;
import io.github.kafkarouted.connector.plan.WriterSpec;

/** Builds the value validator a writer spec asks for. */
final class ValueValidators {

  private ValueValidators() {}

  /** Null when the spec has no validation.schema. */
  static ValueValidator forSpec(WriterSpec spec) {
    if (spec.validationSchema() == null) {
      return null;
    }
    throw new UnsupportedOperationException("validation.schema: pending");
  }
}
