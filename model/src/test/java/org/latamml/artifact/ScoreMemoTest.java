package org.latamml.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScoreMemoTest {
  private static final int WIDTH = 37;

  /** Every one-hot row of onehot37's shape: a month, a flight type and one of 23 airlines. */
  private static List<float[]> oneHotRows() {
    List<float[]> rows = new ArrayList<>();
    for (int month = 0; month < 12; month++) {
      for (int type = 0; type < 2; type++) {
        for (int airline = 0; airline < 23; airline++) {
          float[] row = new float[WIDTH];
          row[month] = 1f;
          row[12 + type] = 1f;
          row[14 + airline] = 1f;
          rows.add(row);
        }
      }
    }
    return rows;
  }

  @Test
  void remembersAScoreForTheSameInputsAtAnyOffset() {
    ScoreMemo memo = new ScoreMemo(10);
    float[] row = oneHotRows().get(7);
    memo.put(row, 0, WIDTH, 0.25);

    float[] batch = new float[WIDTH * 3];
    System.arraycopy(row, 0, batch, WIDTH * 2, WIDTH);

    assertThat(memo.get(batch, WIDTH * 2, WIDTH)).isEqualTo(0.25);
    assertThat(memo.get(batch, 0, WIDTH)).isNaN();
  }

  @Test
  void stopsRememberingOnceFull() {
    ScoreMemo memo = new ScoreMemo(1);
    List<float[]> rows = oneHotRows();
    memo.put(rows.get(0), 0, WIDTH, 0.1);
    memo.put(rows.get(1), 0, WIDTH, 0.2);

    assertThat(memo.get(rows.get(0), 0, WIDTH)).isEqualTo(0.1);
    assertThat(memo.get(rows.get(1), 0, WIDTH)).isNaN();
  }

  @Test
  void oneHotRowsSpreadOverTheMapsBins() {
    // ConcurrentHashMap's bin for a 1,024-bin table; Arrays.hashCode put these 552 rows in 4 bins.
    Set<Integer> bins = new HashSet<>();
    for (float[] row : oneHotRows()) {
      int hash = ScoreMemo.hashOf(row, 0, WIDTH);
      bins.add((hash ^ (hash >>> 16)) & 1023);
    }

    assertThat(bins).hasSizeGreaterThan(350);
  }
}
