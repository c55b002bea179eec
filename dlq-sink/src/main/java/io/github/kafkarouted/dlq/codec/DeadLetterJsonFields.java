package io.github.kafkarouted.dlq.codec;

/**
 * Field names of the JSON object written by {@link DeadLetterFormat#JSON} (schema version {@value
 * DeadLetterHeaders#CURRENT_SCHEMA_VERSION}). Example:
 *
 * <pre>{@code
 * {"schemaVersion":1,"reason":"NO_ROUTE","errorClass":"...","errorMessage":"...",
 *  "targetTopics":[],"sourceTopic":"in","sourcePartition":0,"sourceOffset":42,
 *  "queryId":"...","batchId":7,"failedAtMillis":1700000000000,"replayCount":0,
 *  "timestampMillis":1699999999000,
 *  "key":"k1","keyEncoding":"utf8","value":"AAEC","valueEncoding":"base64",
 *  "headers":[{"key":"h","value":"v","encoding":"utf8"}]}
 * }</pre>
 *
 * Bytes (key, value, header values) are a UTF-8 string when they are valid UTF-8, else base64
 * (RFC 4648 with padding); the sibling {@code *Encoding} field says which and is absent when the
 * bytes are null. {@code stackTrace} appears only when stack traces are enabled; {@code
 * valueTruncated}, {@code valueOriginalSize}, {@code valueSha256} only when the value was cut.
 * Constants only; thread-safe.
 */
public final class DeadLetterJsonFields {
  public static final String SCHEMA_VERSION = "schemaVersion";
  public static final String REASON = "reason";
  public static final String ERROR_CLASS = "errorClass";
  public static final String ERROR_MESSAGE = "errorMessage";
  public static final String STACK_TRACE = "stackTrace";
  public static final String TARGET_TOPICS = "targetTopics";
  public static final String SOURCE_TOPIC = "sourceTopic";
  public static final String SOURCE_PARTITION = "sourcePartition";
  public static final String SOURCE_OFFSET = "sourceOffset";
  public static final String QUERY_ID = "queryId";
  public static final String BATCH_ID = "batchId";
  public static final String FAILED_AT_MILLIS = "failedAtMillis";
  public static final String REPLAY_COUNT = "replayCount";
  public static final String RULE = "rule";
  public static final String TIMESTAMP_MILLIS = "timestampMillis";
  public static final String KEY = "key";
  public static final String KEY_ENCODING = "keyEncoding";
  public static final String VALUE = "value";
  public static final String VALUE_ENCODING = "valueEncoding";
  public static final String VALUE_TRUNCATED = "valueTruncated";
  public static final String VALUE_ORIGINAL_SIZE = "valueOriginalSize";
  public static final String VALUE_SHA256 = "valueSha256";
  public static final String HEADERS = "headers";
  /** Inside each {@link #HEADERS} element. */
  public static final String HEADER_KEY = "key";
  /** Inside each {@link #HEADERS} element. */
  public static final String HEADER_VALUE = "value";
  /** Inside each {@link #HEADERS} element. */
  public static final String HEADER_ENCODING = "encoding";

  /** Encoding value: the bytes are the UTF-8 encoding of the string. */
  public static final String ENCODING_UTF8 = "utf8";
  /** Encoding value: the string is standard base64 of the bytes. */
  public static final String ENCODING_BASE64 = "base64";

  private DeadLetterJsonFields() {}
}
