package org.latamml.compat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code Vlo_l} from the prototype's body without a JSON parser, for the fast path: only a
 * body that is one flat JSON object of ASCII strings without escapes, and nulls, is read; anything
 * else (numbers, nesting, escapes, non-ASCII, malformed or trailing content) is left to the full
 * path's Jackson, which accepts, coerces or refuses it. A parser per request would be the largest
 * cost of an answer kept in memory (docs/PERFORMANCE.md).
 */
final class PrototypeBody {
  private static final byte[] ID_FIELD = "Vlo_l".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);

  // The prototype sends six keys; a body with more is left to the full path.
  private static final int MAX_KEYS = 8;

  private final byte[] bytes;
  private final int[] keyStarts = new int[MAX_KEYS];
  private final int[] keyEnds = new int[MAX_KEYS];
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
    int keys = 0;
    if (!take('}')) {
      while (true) {
        int keyStart = at + 1;
        int keyEnd = string();
        if (keyEnd < 0 || keys == MAX_KEYS || isRepeated(keyStart, keyEnd, keys)) {
          // A key given twice is refused by the full path's parser: the same answer for both.
          return null;
        }
        keyStarts[keys] = keyStart;
        keyEnds[keys++] = keyEnd;
        boolean isId = Arrays.equals(bytes, keyStart, keyEnd, ID_FIELD, 0, ID_FIELD.length);
        skipSpace();
        if (!take(':')) {
          return null;
        }
        skipSpace();
        if (at < bytes.length && bytes[at] == '"') {
          int valueStart = at + 1;
          int valueEnd = string();
          if (valueEnd < 0) {
            return null;
          }
          if (isId) {
            // The other fields' values are only checked: the prototype sends them, nothing reads
            // them.
            id = new String(bytes, valueStart, valueEnd - valueStart, StandardCharsets.US_ASCII);
          }
        } else if (take(NULL)) {
          if (isId) {
            id = null;
          }
        } else {
          return null;
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

  private boolean isRepeated(int start, int end, int keys) {
    for (int k = 0; k < keys; k++) {
      if (Arrays.equals(bytes, start, end, bytes, keyStarts[k], keyEnds[k])) {
        return true;
      }
    }
    return false;
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

  private boolean take(byte[] word) {
    if (Arrays.equals(bytes, at, Math.min(at + word.length, bytes.length), word, 0, word.length)) {
      at += word.length;
      return true;
    }
    return false;
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
