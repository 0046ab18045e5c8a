package org.latamml.prediction;

/**
 * A 64-bit digest of a model's input row, for the prediction log: two predictions with the same
 * digest by the same version saw the same inputs. Not cryptographic: nobody forges a row to match.
 */
final class InputDigest {
  private InputDigest() {}

  /** The digest of {@code width} values of {@code rows} from {@code offset}. */
  static long of(float[] rows, int offset, int width) {
    long h = 0x9e3779b97f4a7c15L ^ width;
    for (int i = offset; i < offset + width; i++) {
      h = (h ^ Float.floatToIntBits(rows[i])) * 0xff51afd7ed558ccdL;
      h ^= h >>> 32;
    }
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
