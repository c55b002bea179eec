package io.github.kafkarouted.connector.validation.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.github.kafkarouted.connector.config.SinkOptions;
import java.io.IOException;

/** How validation messages quote JSON: short, escaped, with positions. Built only on failure. */
final class JsonText {

  /** Longest piece of an offending value (or of Jackson's message) quoted in a message. */
  static final int MAX_QUOTED_CHARS = 40;

  private static final int MAX_DETAIL_CHARS = 160;

  private JsonText() {}

  static IllegalArgumentException schemaError(String problem) {
    return new IllegalArgumentException(optionPrefix() + problem);
  }

  static String optionPrefix() {
    return "Invalid option '" + SinkOptions.VALIDATION_SCHEMA + "': ";
  }

  static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " at line " + location.getLineNr() + " column " + location.getColumnNr();
  }

  static String detail(Exception e) {
    String message =
        e instanceof JsonProcessingException
            ? ((JsonProcessingException) e).getOriginalMessage()
            : e.getMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return shorten(newline < 0 ? message : message.substring(0, newline), MAX_DETAIL_CHARS);
  }

  /** What a JSON value is, for "got ..." in a message; the parser stands on {@code token}. */
  static String describe(JsonParser parser, JsonToken token) throws IOException {
    if (token == null) {
      return "end of input";
    }
    switch (token) {
      case VALUE_STRING:
        return "string \"" + escape(shorten(parser.getText(), MAX_QUOTED_CHARS)) + "\"";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "number " + shorten(parser.getText(), MAX_QUOTED_CHARS);
      case VALUE_TRUE:
        return "boolean true";
      case VALUE_FALSE:
        return "boolean false";
      case VALUE_NULL:
        return "null";
      case START_OBJECT:
        return "object";
      case START_ARRAY:
        return "array";
      default:
        return token.name();
    }
  }

  static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
