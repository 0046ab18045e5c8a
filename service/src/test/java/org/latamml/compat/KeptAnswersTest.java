package org.latamml.compat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.latamml.testing.LiveFeed;

/**
 * {@code POST /predict-flight} keeps the answers of a store larger than its slots: each flight in
 * its id's slot (the id modulo the slots), so that the latest flights, which grow past any count,
 * are kept as the first were; a slot taken stays with its flight, and a flight sharing it is
 * answered as itself.
 */
@QuarkusTest
@TestProfile(KeptAnswersTest.FourSlots.class)
class KeptAnswersTest {

  /** The fixture's 40 flights, predictions kept in four slots. */
  public static final class FourSlots implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> settings =
          new HashMap<>(LiveFeed.emptyStoreServing("kept-answers", "1.1.0"));
      settings.put("latam.flights-csv", "src/test/resources/flights.csv");
      settings.put("latam.kept-answers.prediction-flights", "4");
      return settings;
    }
  }

  @Inject PredictFlightFastPath fastPath;

  private static String answer(long id, String query) {
    return given()
        .contentType(ContentType.JSON)
        .body(Map.of("Vlo_l", Long.toString(id)))
        .post("/predict-flight" + query)
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  /** The answer from the event loop, kept or made now. */
  private static String answer(long id) {
    return answer(id, "");
  }

  /** The route's resource's answer: a query leaves the event loop's path. */
  private static String resourcesAnswer(long id) {
    return answer(id, "?explain=false");
  }

  @Test
  void keepsAFlightPastTheSlotsCountInItsIdsSlot() {
    assertThat(answer(38)).isEqualTo(resourcesAnswer(38));

    assertThat(fastPath.keeps(38)).isTrue();
    assertThat(answer(38)).isEqualTo(resourcesAnswer(38));
  }

  @Test
  void aFlightSharingATakenSlotIsAnsweredAsItselfAndLeavesTheKeptOne() {
    // 3, 7 and 11 share the third slot, and the store's stamp (they are stored side by side); each
    // has its own airline and month, and so its own probability.
    answer(7);

    assertThat(answer(3)).isEqualTo(resourcesAnswer(3)).isNotEqualTo(resourcesAnswer(7));
    assertThat(answer(3)).isEqualTo(resourcesAnswer(3));
    assertThat(fastPath.keeps(3)).isFalse();
    assertThat(fastPath.keeps(7)).isTrue();
    assertThat(answer(7)).isEqualTo(resourcesAnswer(7));
    assertThat(answer(11)).isEqualTo(resourcesAnswer(11));
    assertThat(fastPath.keeps(11)).isFalse();
  }
}
