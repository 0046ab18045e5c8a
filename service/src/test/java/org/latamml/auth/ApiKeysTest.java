package org.latamml.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API keys are told apart by their hashes, and a key once accepted by its text, never by less. */
class ApiKeysTest {
  private static final String OPS = "lmk_ops_0123456789abcdef0123456789abcdef";
  private static final String LAB = "lmk_lab_0123456789abcdef0123456789abcdef";
  private static final String OLD = "lmk_old_0123456789abcdef0123456789abcdef";

  private static AuthConfig.ApiKey key(String plain, boolean revoked, String... roles) {
    String hash = HexFormat.of().formatHex(ApiKeys.sha256(plain));
    return new AuthConfig.ApiKey() {
      @Override
      public String sha256() {
        return hash;
      }

      @Override
      public List<String> roles() {
        return List.of(roles);
      }

      @Override
      public boolean revoked() {
        return revoked;
      }
    };
  }

  private static ApiKeys keys() {
    Map<String, AuthConfig.ApiKey> configured = new LinkedHashMap<>();
    configured.put("ops", key(OPS, false, Roles.INVOKER));
    configured.put("lab", key(LAB, false, Roles.INVOKER, Roles.ADMIN));
    configured.put("old", key(OLD, true, Roles.INVOKER));
    return new ApiKeys(configured);
  }

  private static Rejection.Reason refusal(ApiKeys keys, String presented) {
    try {
      keys.authenticate(presented);
    } catch (Rejection e) {
      return e.reason();
    }
    throw new AssertionError("accepted " + presented);
  }

  @Test
  void answersEachKeysOwnCallerTheFirstTimeAndEveryTimeAfter() {
    ApiKeys keys = keys();

    for (int i = 0; i < 3; i++) {
      assertThat(keys.authenticate(OPS).name()).isEqualTo("api-key:ops");
      assertThat(keys.authenticate(LAB).name()).isEqualTo("api-key:lab");
      assertThat(keys.authenticate(LAB).roles()).containsExactly(Roles.INVOKER, Roles.ADMIN);
    }
  }

  @Test
  void refusesAKeyThatDiffersFromAnAcceptedOneInItsLastCharacterOrItsLength() {
    ApiKeys keys = keys();
    keys.authenticate(OPS);

    for (String near :
        List.of(
            OPS.substring(0, OPS.length() - 1) + "0",
            OPS.substring(0, OPS.length() - 1),
            OPS + "f",
            "",
            OPS.toUpperCase(java.util.Locale.ROOT))) {
      assertThat(refusal(keys, near)).as(near).isEqualTo(Rejection.Reason.WRONG_API_KEY);
    }
    assertThat(keys.authenticate(OPS).name()).isEqualTo("api-key:ops");
  }

  @Test
  void keepsRefusingARevokedKeyAsRevoked() {
    ApiKeys keys = keys();

    assertThat(refusal(keys, OLD)).isEqualTo(Rejection.Reason.REVOKED_API_KEY);
    assertThat(refusal(keys, OLD)).isEqualTo(Rejection.Reason.REVOKED_API_KEY);
  }

  @Test
  void comparesTextsWholly() {
    assertThat(ApiKeys.isSameText(OPS, OPS)).isTrue();
    assertThat(ApiKeys.isSameText(OPS, new String(OPS.toCharArray()))).isTrue();
    assertThat(ApiKeys.isSameText(OPS, OPS + "\0")).isFalse();
    assertThat(ApiKeys.isSameText(OPS + "\0", OPS)).isFalse();
    assertThat(ApiKeys.isSameText(OPS, LAB)).isFalse();
    assertThat(ApiKeys.isSameText("", "")).isTrue();
    assertThatThrownBy(() -> keys().authenticate("x")).isInstanceOf(Rejection.class);
  }
}
