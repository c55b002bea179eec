package io.github.kafkarouted.connector.plan;

/**
 * How writers check the topics computed per row (topic expressions, the {@code topic} column)
 * before sending to them, as learned from the brokers at start by {@link TopicCheck}.
 */
public enum ComputedTopics {
  /** {@code topic.check=false}: sent unchecked (a topic that cannot be used fails the task). */
  UNCHECKED,
  /** The brokers do not create topics: a missing topic is a TOPIC_NOT_FOUND dead letter. */
  MUST_EXIST,
  /**
   * The brokers create topics on first use (or may: their setting could not be read): a missing
   * topic is checked with a validate-only creation, and one the brokers refuse is a dead letter.
   */
  MAY_BE_CREATED
}
