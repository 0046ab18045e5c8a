package org.latamml.compat;

import java.nio.charset.StandardCharsets;

/**
 * Reads {@code Vlo_l} from the prototype's body without a JSON parser, for the fast path: only a
 * body that is one flat JSON object of ASCII strings without escapes, and nulls, is read; anything
 * else (numbers, nesting, escapes, non-ASCII, malformed or trailing content) is left to the full
 * path's Jackson, which accepts, coerces or refuses it. Creating a parser per request measured 4 %
 * of the route's CPU.
 */
final class PrototypeBody {
  private static final byte[] ID_FIELD = "Vlo_l".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;
  private int at;

  private PrototypeBody(byte[] bytes) {
    this.bytes = bytes;
  }

  /** {@code Vlo_l}'s string, or null: absent, null, or a body left to the full path. */
  static String requestedId(byte[] body) {
    return new PrototypeBody(body).read();
  }

  private String read() {
    for (byte b : bytes) {
      if (b < 0) {
        return null;
      }
    }
    skipSpace();
    if (!take('{')) {
      return null;
    }
    skipSpace();
    String id = null;
    if (!take('}')) {
      while (true) {
        int keyStart = at + 1;
        int keyEnd = string();
        if (keyEnd < 0) {
          return null;
        }
        skipSpace();
        if (!take(':')) {
          return null;
        }
        skipSpace();
        String value;
        if (at < bytes.length && bytes[at] == '"') {
          int valueStart = at + 1;
          int valueEnd = string();
          if (valueEnd < 0) {
            return null;
          }
          value = new String(bytes, valueStart, valueEnd - valueStart, StandardCharsets.US_ASCII);
        } else if (takeNull()) {
          value = null;
        } else {
          return null;
        }
        if (isIdField(keyStart, keyEnd)) {
          id = value;
        }
        skipSpace();
        if (take('}')) {
          break;
        }
        if (!take(',')) {
          return null;
        }
        skipSpace();
      }
    }
    skipSpace();
    return at == bytes.length ? id : null;
  }

  /** Reads a string from its opening quote; the index of its closing quote, or -1. */
  private int string() {
    if (!take('"')) {
      return -1;
    }
    while (at < bytes.length) {
      byte b = bytes[at++];
      if (b == '"') {
        return at - 1;
      }
      if (b == '\\' || b < 0x20) {
        return -1;
      }
    }
    return -1;
  }

  private boolean takeNull() {
    if (at + 4 <= bytes.length
        && bytes[at] == 'n'
        && bytes[at + 1] == 'u'
        && bytes[at + 2] == 'l'
        && bytes[at + 3] == 'l') {
      at += 4;
      return true;
    }
    return false;
  }

  private boolean isIdField(int start, int end) {
    if (end - start != ID_FIELD.length) {
      return false;
    }
    for (int i = 0; i < ID_FIELD.length; i++) {
      if (bytes[start + i] != ID_FIELD[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean take(char expected) {
    if (at < bytes.length && bytes[at] == expected) {
      at++;
      return true;
    }
    return false;
  }

  private void skipSpace() {
    while (at < bytes.length
        && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\n' || bytes[at] == '\r')) {
      at++;
    }
  }
}
