package io.github.kafkarouted.connector.dispatch;

/** Tells whether a topic computed for a row exists; may block for one lookup per new topic. */
@FunctionalInterface
public interface TopicExistence {

  boolean exists(String topic);
}
