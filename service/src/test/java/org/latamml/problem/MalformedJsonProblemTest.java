package org.latamml.problem;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MalformedJsonProblemTest {
  @Test
  void aPathOfAHundredCharactersIsNamedWhole() {
    String path = "flights[0]." + "k".repeat(89);

    assertThat(MalformedJsonProblem.named(path)).isEqualTo(path);
  }

  @Test
  void aLongerPathKeepsItsStartAndItsKey() {
    String named = MalformedJsonProblem.named("flights[0].meta." + "x".repeat(200) + ".airline");

    assertThat(named)
        .hasSize(100)
        .startsWith("flights[0].meta.xxx")
        .contains("...")
        .endsWith("xxx.airline");
  }

  @Test
  void aCutNeverSplitsACharacterOfTwoChars() {
    // U+1F6EB, two chars in Java, across both places a cut is made.
    String path = "a".repeat(39) + "🛫" + "b".repeat(100) + "🛫" + "c".repeat(56);

    String named = MalformedJsonProblem.named(path);

    assertThat(named).hasSizeLessThanOrEqualTo(100).startsWith("a".repeat(39) + "...");
    assertThat(named.substring(42)).isEqualTo("c".repeat(56));
    assertThat(named.chars().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
  }
}
