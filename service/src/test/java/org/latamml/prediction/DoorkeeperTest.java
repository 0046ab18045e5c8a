package org.latamml.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The doorkeeper in front of the score cache. */
class DoorkeeperTest {
  /** The 16,384th mark clears the table. */
  private static final int CLEARING_MARK = 1 << 14;

  /** A doorkeeper that saw hash 7, then distinct hashes 8, 9, ... up to {@code marks} marks. */
  private static Doorkeeper afterMarks(int marks) {
    Doorkeeper seen = new Doorkeeper();
    for (int hash = 7; hash < 7 + marks; hash++) {
      seen.sawBefore(hash);
    }
    return seen;
  }

  @Test
  void saysAHashIsNewOnlyTheFirstTime() {
    Doorkeeper seen = new Doorkeeper();

    assertThat(seen.sawBefore(42)).isFalse();
    assertThat(seen.sawBefore(42)).isTrue();
    assertThat(seen.sawBefore(43)).isFalse();
  }

  @Test
  void remembersUpToItsClearing() {
    assertThat(afterMarks(CLEARING_MARK - 1).sawBefore(7)).isTrue();
  }

  @Test
  void forgetsWhatItSawOnceAQuarterOfItsBitsAreSet() {
    assertThat(afterMarks(CLEARING_MARK).sawBefore(7)).isFalse();
  }
}
