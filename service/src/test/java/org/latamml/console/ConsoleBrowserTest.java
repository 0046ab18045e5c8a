package org.latamml.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.testing.LiveFeed;
import org.latamml.testing.ShippedModel;

/**
 * The console in a real browser (Debian's chromium, headless, through Playwright): sign-in, the
 * departures board of a recorded day with each flight's risk, a flight's explanation chart, and no
 * serious accessibility violation (axe-core). Screenshots go to {@code target/console/}.
 */
@QuarkusTest
@TestProfile(ConsoleBrowserTest.RecordedDay.class)
class ConsoleBrowserTest {
  private static final LocalDate DAY = LocalDate.of(2017, 7, 14);
  private static final int FLIGHTS = 60;
  private static final String INVOKER_KEY = "lmk_console_invoker_4b7e9c1d2a3f";
  private static final String ADMIN_KEY = "lmk_console_admin_9d2e6f1a7b3c";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A store holding one synthetic day, 1.1.0 served, API keys required. */
  public static final class RecordedDay implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      try {
        Path file = Files.createTempFile("console-day-", ".csv");
        file.toFile().deleteOnExit();
        FlightFixtures.writeRaw(file, FlightFixtures.syntheticDay(DAY, FLIGHTS, 14));
        Map<String, String> settings =
            new HashMap<>(LiveFeed.emptyStoreServing("console", "1.1.0"));
        settings.put("latam.flights-csv", file.toString());
        // Uploads land in a copy, never in the project's Models/.
        settings.put("latam.models-dir", ShippedModel.copyOfModels().toString());
        settings.put("latam.auth.mode", "required");
        settings.put("latam.auth.api-keys.console.sha256", sha256(INVOKER_KEY));
        settings.put("latam.auth.api-keys.console-admin.sha256", sha256(ADMIN_KEY));
        settings.put("latam.auth.api-keys.console-admin.roles", "invoker,admin");
        return settings;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static ConsoleBrowser browser;
  private Page page;
  private final List<String> problems = new ArrayList<>();

  @TestHTTPResource("/console/")
  URL console;

  @BeforeAll
  static void startBrowser() {
    browser = ConsoleBrowser.launch();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void openConsole() {
    page = browser.open(console, problems);
  }

  @AfterEach
  void closePage() {
    if (page != null) {
      page.close();
    }
    assertThat(problems).isEmpty();
  }

  private void signIn(String key) {
    ConsoleBrowser.signIn(page, key);
  }

  private void showRecordedDay() {
    page.locator("#hours").selectOption("24");
    page.locator("#day").fill(DAY.toString());
    page.locator("#day").dispatchEvent("change");
    PlaywrightAssertions.assertThat(page.locator("#flights tbody tr")).hasCount(FLIGHTS);
  }

  private static JsonNode boardOfTheDay() throws IOException {
    return board(24, DAY + "T00:00");
  }

  /** The board's answer, as the API gives it. */
  private static JsonNode board(int hours, String from) throws IOException {
    return JSON.readTree(
        given()
            .header("Authorization", "Bearer " + INVOKER_KEY)
            .get("/v1/board?hours=" + hours + "&from=" + from)
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  private void screenshot(String name) throws IOException {
    ConsoleBrowser.screenshot(page, name);
  }

  @Test
  void theRootAndTheBareConsolePathLeadToTheConsole() {
    given()
        .redirects()
        .follow(false)
        .get("/")
        .then()
        .statusCode(303)
        .header("Location", "/console/");
    given()
        .redirects()
        .follow(false)
        .head("/")
        .then()
        .statusCode(303)
        .header("Location", "/console/");
    given()
        .redirects()
        .follow(false)
        .get("/console")
        .then()
        .statusCode(303)
        .header("Location", "/console/");
  }

  @Test
  void theComingHoursBeginAtTheServicesNowNotTheBrowsers() {
    // The service's default window begins at its now on the airport's clock (LATAM_AIRPORT_ZONE).
    com.microsoft.playwright.Request asked =
        page.waitForRequest(
            request -> request.url().contains("/v1/board"), () -> signIn(INVOKER_KEY));

    assertThat(asked.url()).contains("hours=").doesNotContain("from=");
    PlaywrightAssertions.assertThat(page.locator("#board-title")).hasText("The coming hours");
  }

  @Test
  void aWrongCredentialIsToldClearlyAndShowsNothing() throws IOException {
    signIn("lmk_not_a_key_of_this_service");

    PlaywrightAssertions.assertThat(page.locator("#sign-in-error"))
        .containsText("The service refused this credential");
    PlaywrightAssertions.assertThat(page.locator("#board")).isHidden();
    screenshot("sign-in-refused.png");
  }

  @Test
  void theBoardListsTheFlightsOfARecordedDayWithTheirRisk() throws IOException {
    signIn(INVOKER_KEY);
    showRecordedDay();
    JsonNode board = boardOfTheDay();

    List<String> risks = page.locator("#flights tbody tr td:nth-child(5)").allTextContents();
    List<String> expected = new ArrayList<>();
    board
        .get("flights")
        .forEach(line ->
            expected.add(
                String.format(
                    java.util.Locale.ROOT,
                    "%.1f %%",
                    line.get("prediction").get("probability").asDouble() * 100)));
    assertThat(risks).containsExactlyElementsOf(expected);
    assertThat(page.locator("#flights tbody tr td:nth-child(6)").allTextContents())
        .containsOnly("1.1.0");
    assertThat(page.locator("#flights tbody .risk.high").count())
        .isEqualTo(
            (int)
                java.util.stream.StreamSupport.stream(board.get("flights").spliterator(), false)
                    .filter(line -> line.get("prediction").get("delayed").asBoolean())
                    .count());
    screenshot("board.png");
    // On a phone the page keeps its width; only the table scrolls, in its own box.
    page.setViewportSize(390, 844);
    assertThat(ConsoleBrowser.fitsItsWidth(page)).isTrue();
    screenshot("board-phone.png");
    page.setViewportSize(1280, 900);

    long delayed =
        java.util.stream.StreamSupport.stream(board.get("flights").spliterator(), false)
            .filter(line -> line.get("prediction").get("delayed").asBoolean())
            .count();
    page.getByLabel("Risk", new Page.GetByLabelOptions().setExact(true))
        .selectOption("Only flights labelled delayed");
    assertThat(page.locator("#flights tbody tr").count()).isEqualTo((int) delayed);
    assertThat(page.locator("#flights tbody .risk.low").count()).isZero();
    page.getByLabel("Risk", new Page.GetByLabelOptions().setExact(true))
        .selectOption("Every flight");
    page.getByLabel("Order").selectOption("By risk, highest first");
    assertThat(page.locator("#flights tbody tr td:nth-child(5)").first().textContent())
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "%.1f %%",
                java.util.stream.StreamSupport.stream(board.get("flights").spliterator(), false)
                        .mapToDouble(line -> line.get("prediction").get("probability").asDouble())
                        .max()
                        .orElseThrow()
                    * 100));
    page.getByLabel("Order").selectOption("By scheduled time");

    // A flight found by its name, as people say it, in any case.
    JsonNode sought = board.get("flights").get(7).get("flight");
    String name = sought.get("airline_code").asText() + " " + sought.get("flight_number").asText();
    page.getByLabel("Find a flight").fill(name.toLowerCase(java.util.Locale.ROOT));
    PlaywrightAssertions.assertThat(page.locator("#flights tbody tr")).hasCount(1);
    PlaywrightAssertions.assertThat(page.locator("#flights tbody tr")).containsText(name);
    // Its number alone finds it too; a number it only begins with does not.
    page.getByLabel("Find a flight").fill(sought.get("flight_number").asText());
    PlaywrightAssertions.assertThat(page.locator("#flights tbody tr")).hasCount(1);
    page.getByLabel("Find a flight").fill(sought.get("flight_number").asText().substring(0, 3));
    PlaywrightAssertions.assertThat(page.locator("#flights tbody tr")).hasCount(0);
    PlaywrightAssertions.assertThat(page.locator("#caption")).containsText("None of the");
    page.getByLabel("Find a flight").fill("");
    PlaywrightAssertions.assertThat(page.locator("#flights tbody tr")).hasCount(FLIGHTS);
    // A destination is offered by its code and city, as the table shows it.
    assertThat(page.locator("#destination option").allTextContents()).contains("SAEZ Buenos Aires");
    page.locator("#airline").selectOption("Sky Airline");
    int sky = page.locator("#flights tbody tr").count();
    assertThat(sky)
        .isPositive()
        .isLessThan(FLIGHTS)
        .isEqualTo(
            page.locator("#flights tbody tr", new Page.LocatorOptions().setHasText("Sky Airline"))
                .count());
  }

  @Test
  void aFlightThatLeftEarlySaysHowManyMinutesBeforeItsSchedule() throws IOException {
    signIn(INVOKER_KEY);
    showRecordedDay();
    JsonNode flights = boardOfTheDay().get("flights");
    int early = -1;
    long minutes = 0;
    for (int i = 0; i < flights.size() && early < 0; i++) {
      JsonNode flight = flights.get(i).get("flight");
      minutes =
          java.time.Duration.between(
                  java.time.LocalDateTime.parse(flight.get("actual_departure").asText()),
                  java.time.LocalDateTime.parse(flight.get("scheduled_departure").asText()))
              .toMinutes();
      early = minutes > 0 ? i : -1;
    }
    assertThat(early).as("the fixture's day has a flight that left early").isNotNegative();

    page.locator("#flights tbody tr").nth(early).getByRole(AriaRole.BUTTON).click();

    PlaywrightAssertions.assertThat(page.locator("#facts"))
        .containsText(
            (minutes == 1 ? "1 minute" : minutes + " minutes") + " before schedule (on time)");
  }

  @Test
  void aFlightOpensItsExplanationAsABarChart() throws IOException {
    signIn(INVOKER_KEY);
    showRecordedDay();
    JsonNode first = boardOfTheDay().get("flights").get(0).get("flight");
    JsonNode explained =
        JSON.readTree(
            given()
                .header("Authorization", "Bearer " + INVOKER_KEY)
                .contentType(ContentType.JSON)
                .body(
                    Map.of(
                        "flights",
                        List.of(
                            Map.of(
                                "airline", first.get("airline").asText(),
                                "flight_type", first.get("flight_type").asText(),
                                "scheduled_departure", first.get("scheduled_departure").asText(),
                                "destination", first.get("destination").asText(),
                                "flight_number", first.get("flight_number").asText()))))
                .post("/v1/predictions?explain=true")
                .then()
                .statusCode(200)
                .extract()
                .asString());

    page.locator("#flights tbody tr").first().getByRole(AriaRole.BUTTON).click();

    PlaywrightAssertions.assertThat(page.locator("#details")).isVisible();
    // Opened at its top, the flight's name, not scrolled to its last button.
    PlaywrightAssertions.assertThat(page.locator("#details-title")).isFocused();
    PlaywrightAssertions.assertThat(page.locator("#explanation-note")).containsText("Model 1.1.0");
    PlaywrightAssertions.assertThat(page.locator("#explanation svg")).isVisible();
    List<String> drawn = page.locator("#explanation svg text").allTextContents();
    explained
        .get("predictions")
        .get(0)
        .get("explanation")
        .get("contributions")
        .forEach(contribution -> assertThat(drawn).contains(contribution.get("input").asText()));
    PlaywrightAssertions.assertThat(page.locator("#explanation-note"))
        .containsText("calibration turns into the risk of");
    screenshot("flight-explained.png");

    // Escape closes the details and gives the focus back to the flight that opened them.
    page.keyboard().press("Escape");
    PlaywrightAssertions.assertThat(page.locator("#details")).isHidden();
    PlaywrightAssertions.assertThat(
            page.locator("#flights tbody tr").first().getByRole(AriaRole.BUTTON))
        .isFocused();
  }

  @Test
  void aBoardAnsweredLateIsDroppedWhenALaterOneWasAsked() throws IOException {
    // The day's 24 hours answered 1.5 s late, as a slow network would: the 3 hours asked after
    // them must stay on the board.
    page.addInitScript(
        "const fetched = window.fetch; window.fetch = async (url, options) => {"
            + " if (String(url).includes('hours=24')) {"
            + " await new Promise((r) => setTimeout(r, 1500)); }"
            + " return fetched(url, options); };");
    page.reload();
    signIn(INVOKER_KEY);
    page.locator("#day").fill(DAY.toString());
    page.locator("#day").dispatchEvent("change");
    page.locator("#hours").selectOption("3");
    PlaywrightAssertions.assertThat(page.locator("#board-title"))
        .hasText("The flights from " + DAY + " 00:00 to " + DAY + " 03:00");
    page.waitForTimeout(2_500);
    PlaywrightAssertions.assertThat(page.locator("#board-title"))
        .hasText("The flights from " + DAY + " 00:00 to " + DAY + " 03:00");
    PlaywrightAssertions.assertThat(page.locator("#flights tbody tr"))
        .hasCount(board(3, DAY + "T00:00").get("flights").size());
  }

  @Test
  void aRecordedDayIsShownFromTheTimeChosenWithItsLateFlightsMarked() throws IOException {
    // A flight 15 minutes and 40 seconds late is on time, as the service counts whole minutes.
    JsonNode first = board(3, DAY + "T06:00").get("flights").get(0).get("flight");
    java.time.LocalDateTime onTime =
        java.time.LocalDateTime.parse(first.get("scheduled_departure").asText());
    given()
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .contentType(ContentType.JSON)
        .body(
            Map.of(
                "departures",
                List.of(
                    Map.of(
                        "airline_code", first.get("airline_code").asText(),
                        "flight_number", first.get("flight_number").asText(),
                        "scheduled_departure", onTime.toString(),
                        "actual_departure", onTime.plusSeconds(15 * 60 + 40).toString()))))
        .post("/v1/departures")
        .then()
        .statusCode(200);
    signIn(INVOKER_KEY);
    PlaywrightAssertions.assertThat(page.locator("#start")).isDisabled();
    showRecordedDay();
    page.locator("#hours").selectOption("3");
    PlaywrightAssertions.assertThat(page.locator("#board-title"))
        .hasText("The flights from " + DAY + " 00:00 to " + DAY + " 03:00");
    page.locator("#start").fill("06:00");
    page.locator("#start").dispatchEvent("change");
    PlaywrightAssertions.assertThat(page.locator("#board-title"))
        .hasText("The flights from " + DAY + " 06:00 to " + DAY + " 09:00");

    JsonNode flights = board(3, DAY + "T06:00").get("flights");
    assertThat(flights.size()).as("the fixture's day has flights from six").isPositive();
    PlaywrightAssertions.assertThat(page.locator("#flights tbody tr")).hasCount(flights.size());
    assertThat(page.locator("#flights tbody tr td:nth-child(1)").allTextContents())
        .allMatch(scheduled -> scheduled.compareTo(DAY + " 06:00") >= 0)
        .allMatch(scheduled -> scheduled.compareTo(DAY + " 09:00") < 0);
    int late = 0;
    for (JsonNode line : flights) {
      JsonNode flight = line.get("flight");
      if (flight.hasNonNull("actual_departure")
          && java.time.Duration.between(
                      java.time.LocalDateTime.parse(flight.get("scheduled_departure").asText()),
                      java.time.LocalDateTime.parse(flight.get("actual_departure").asText()))
                  .toMinutes()
              > 15) {
        late++;
      }
    }
    assertThat(page.locator("#flights tbody .late").count()).isEqualTo(late);
    // On a phone, where the Left column is hidden, the same marks stand beside the flights.
    assertThat(late).as("the fixture's morning has flights that left late").isPositive();
    assertThat(page.locator("#flights tbody .late-phone").count()).isEqualTo(late);
    PlaywrightAssertions.assertThat(page.locator("#flights tbody .late-phone").first()).isHidden();
    page.setViewportSize(390, 844);
    PlaywrightAssertions.assertThat(page.locator("#flights tbody .late-phone").first()).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#flights tbody .late").first()).isHidden();
    page.setViewportSize(1280, 900);
    PlaywrightAssertions.assertThat(page.locator("#flights tbody tr").first().locator("td").nth(6))
        .hasText(onTime.plusMinutes(15).toLocalTime().toString());
    screenshot("board-from-six.png");

    // A time with no flight says so, naming the window.
    page.locator("#day").fill(DAY.minusYears(1).toString());
    page.locator("#day").dispatchEvent("change");
    PlaywrightAssertions.assertThat(page.locator("#status"))
        .hasText(
            "No flight is stored from "
                + DAY.minusYears(1)
                + " 06:00 to "
                + DAY.minusYears(1)
                + " 09:00: pick another day or time.");
  }

  @Test
  void theModelsPageDrawsTheCardsCurvesPointByPoint() throws IOException {
    page.navigate(console.toString() + "models.html");
    signIn(INVOKER_KEY);
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("1.1.0: card");
    JsonNode card =
        JSON.readTree(
            given()
                .header("Authorization", "Bearer " + INVOKER_KEY)
                .get("/v1/models/1.1.0")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    JsonNode evaluation = card.get("evaluation");

    // What each chart draws, read from the chart itself: the card's points, every one.
    assertThat(drawn("roc")).isEqualTo(points(evaluation.get("curves").get("roc")));
    assertThat(drawn("pr")).isEqualTo(points(evaluation.get("curves").get("precision_recall")));
    PlaywrightAssertions.assertThat(page.locator("#roc svg path").first()).isAttached();
    assertThat(page.locator("#confusion tbody td").allTextContents())
        .containsExactly(
            evaluation.get("confusion_matrix").get(0).get(0).asText(),
            evaluation.get("confusion_matrix").get(0).get(1).asText(),
            evaluation.get("confusion_matrix").get(1).get(0).asText(),
            evaluation.get("confusion_matrix").get(1).get(1).asText());
    assertThat(page.locator("#quality thead th").count())
        .isEqualTo(page.locator("#quality tbody tr").first().locator("th, td").count());
    assertThat(page.locator("#quality tbody tr").first().locator("td").nth(2).textContent())
        .isEqualTo(
            String.format(java.util.Locale.ROOT, "%.3f", evaluation.get("roc_auc").asDouble()));
    PlaywrightAssertions.assertThat(page.locator("#histogram svg")).isVisible();
    screenshot("models.png");
    page.setViewportSize(390, 844);
    assertThat(ConsoleBrowser.fitsItsWidth(page)).isTrue();
    screenshot("models-phone.png");
  }

  @Test
  void thePagesHaveNoSeriousAccessibilityViolation() throws IOException {
    signIn(INVOKER_KEY);
    showRecordedDay();
    page.locator("#flights tbody tr").first().getByRole(AriaRole.BUTTON).click();
    PlaywrightAssertions.assertThat(page.locator("#explanation svg")).isVisible();
    assertThat(seriousViolations()).as("the board").isEmpty();

    page.navigate(console.toString() + "models.html");
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("1.1.0: card");
    assertThat(seriousViolations()).as("the models").isEmpty();

    page.navigate(console.toString() + "service.html");
    PlaywrightAssertions.assertThat(page.locator("#slo tbody tr")).hasCount(3);
    assertThat(seriousViolations()).as("the service").isEmpty();

    page.navigate(console.toString() + "rollout.html");
    PlaywrightAssertions.assertThat(page.locator("#in-force")).containsText("1.1.0");
    assertThat(seriousViolations()).as("the rollout, read").isEmpty();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
    signIn(ADMIN_KEY);
    PlaywrightAssertions.assertThat(page.locator("#controls")).isVisible();
    assertThat(seriousViolations()).as("the rollout, with its controls").isEmpty();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Review the change"))
        .click();
    PlaywrightAssertions.assertThat(page.locator("#confirm")).isVisible();
    assertThat(seriousViolations()).as("the rollout's confirmation").isEmpty();
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel")).click();
    PlaywrightAssertions.assertThat(page.locator("#confirm")).isHidden();
  }

  @Test
  void anAdminSetsAChallengerShareAfterConfirmingAndTheBoardShowsBothVersions() throws IOException {
    openTheRolloutAsAdminChoosing("1.0.0");
    try {
      page.getByLabel("Challenger's share of flights (%, canary only)").fill("50");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Review the change"))
          .click();

      // The confirmation shows what changes; nothing has changed before it is confirmed.
      PlaywrightAssertions.assertThat(page.locator("#confirm")).isVisible();
      PlaywrightAssertions.assertThat(page.locator("#confirm-change tr.changed"))
          .hasCount(3); // the challenger, its share and its mode; the champion stays
      PlaywrightAssertions.assertThat(page.locator("#confirm-change"))
          .containsText("1.0.0 (changes)");
      assertThat(rollout().path("rollout").has("challenger")).isFalse();
      screenshot("rollout-confirm.png");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();

      PlaywrightAssertions.assertThat(page.locator("#status")).containsText("Done");
      JsonNode inForce = rollout().get("rollout");
      assertThat(inForce.get("champion").asText()).isEqualTo("1.1.0");
      assertThat(inForce.get("challenger").asText()).isEqualTo("1.0.0");
      assertThat(inForce.get("challenger_share").asDouble()).isEqualTo(0.5);
      assertThat(inForce.get("set_by").asText()).isEqualTo("api-key:console-admin");
      PlaywrightAssertions.assertThat(page.locator("#history tbody tr").first())
          .containsText("#" + inForce.get("id").asText());
      screenshot("rollout.png");

      // Rolling back shows what it returns to, row by row, before anything is sent.
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Roll back…")).click();
      PlaywrightAssertions.assertThat(page.locator("#confirm-change")).isVisible();
      PlaywrightAssertions.assertThat(page.locator("#confirm-change"))
          .containsText("none (changes)");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel")).click();
      assertThat(rollout().get("rollout").get("id")).isEqualTo(inForce.get("id"));

      page.navigate(console.toString());
      showRecordedDay();
      assertThat(page.locator("#flights tbody tr td:nth-child(6)").allTextContents())
          .contains("1.1.0", "1.0.0")
          .containsOnly("1.1.0", "1.0.0");

      // Confirmed, a rollback shows in the history with the rollout it put back.
      page.navigate(console + "rollout.html");
      PlaywrightAssertions.assertThat(page.locator("#in-force")).containsText("1.0.0");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Roll back…")).click();
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();
      PlaywrightAssertions.assertThat(page.locator("#status")).containsText("Done");
      PlaywrightAssertions.assertThat(page.locator("#history tbody tr").first())
          .containsText("rollback to #" + inForce.get("previous_id").asText());
    } finally {
      serveAlone("1.1.0");
    }
  }

  @Test
  void aChangeConfirmedAfterAColleaguesIsRefusedAndThePageShowsTheirs() throws IOException {
    openTheRolloutAsAdminChoosing("1.0.0");
    try {
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Review the change"))
          .click();
      // A colleague serves 1.0.0 alone while this page's confirmation is open.
      serveAlone("1.0.0");
      JsonNode theirs = rollout().get("rollout");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();

      PlaywrightAssertions.assertThat(page.locator("#status"))
          .containsText("Refused: the rollout in force is #" + theirs.get("id").asText());
      PlaywrightAssertions.assertThat(page.locator("#status"))
          .containsText("The page now shows the rollout in force");
      PlaywrightAssertions.assertThat(page.locator("#history tbody tr").first())
          .containsText("#" + theirs.get("id").asText());
      assertThat(rollout().get("rollout")).isEqualTo(theirs);
    } finally {
      serveAlone("1.1.0");
    }
  }

  @Test
  void anAdminUploadsAModelAfterConfirmingAndARefusalSaysWhy() throws IOException {
    Path models = Path.of(System.getProperty("latam.home", "..")).resolve("Models");
    Path onnx = models.resolve("Latam_flight_model.1.1.0.onnx");
    ObjectNode card =
        (ObjectNode) JSON.readTree(models.resolve("Latam_flight_model.1.1.0.json").toFile());
    Path dir = Files.createTempDirectory("console-upload-");
    card.put("version", "1.1.9");
    Path good = dir.resolve("Latam_flight_model.1.1.9.json");
    Files.write(good, JSON.writeValueAsBytes(card));
    ObjectNode probe = (ObjectNode) card.get("probes").get(0);
    probe.put("probability", probe.get("probability").asDouble() + 0.01);
    card.put("version", "1.1.8");
    Path altered = dir.resolve("Latam_flight_model.1.1.8.json");
    Files.write(altered, JSON.writeValueAsBytes(card));
    page.navigate(console + "rollout.html");
    signIn(ADMIN_KEY);
    PlaywrightAssertions.assertThat(page.locator("#controls")).isVisible();

    upload(altered, onnx, "1.1.8");
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("Refused");
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("probe 0");
    upload(good, onnx, "1.1.9");
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("Done");

    List<String> versions = new ArrayList<>();
    JSON.readTree(
            given()
                .header("Authorization", "Bearer " + INVOKER_KEY)
                .get("/v1/models")
                .then()
                .statusCode(200)
                .extract()
                .asString())
        .get("versions")
        .forEach(v -> versions.add(v.asText()));
    assertThat(versions).contains("1.1.9").doesNotContain("1.1.8");
    assertThat(page.locator("#champion option").allTextContents()).contains("1.1.9");
  }

  private void upload(Path card, Path onnx, String version) {
    page.getByLabel("Card (Latam_flight_model.{version}.json)").setInputFiles(card);
    page.getByLabel("ONNX graph (Latam_flight_model.{version}.onnx)").setInputFiles(onnx);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Review the upload"))
        .click();
    PlaywrightAssertions.assertThat(page.locator("#confirm-what"))
        .containsText("Add model " + version);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm")).click();
  }

  @Test
  void aButtonThatCannotBeUsedLooksIt() {
    serveAlone("1.1.0");
    page.navigate(console + "rollout.html");
    signIn(ADMIN_KEY);
    PlaywrightAssertions.assertThat(page.locator("#in-force")).containsText("1.1.0");
    var promote =
        page.getByRole(
            AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Promote the challenger…"));
    PlaywrightAssertions.assertThat(promote).isDisabled();
    assertThat(promote.evaluate("b => getComputedStyle(b).cursor")).isEqualTo("not-allowed");
    assertThat(Double.parseDouble((String) promote.evaluate("b => getComputedStyle(b).opacity")))
        .isLessThan(1);
    // The actions stand apart, not touching.
    var rollback =
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Roll back…"));
    assertThat(rollback.boundingBox().x - (promote.boundingBox().x + promote.boundingBox().width))
        .isGreaterThanOrEqualTo(4);
  }

  @Test
  void anInvokerSeesTheRolloutWithoutItsControls() throws IOException {
    page.navigate(console + "rollout.html");
    signIn(INVOKER_KEY);

    PlaywrightAssertions.assertThat(page.locator("#in-force")).containsText("1.1.0");
    PlaywrightAssertions.assertThat(page.locator("#read-only")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#controls")).isHidden();
    assertThat(page.getByRole(AriaRole.BUTTON).allTextContents())
        .doesNotContain("Review the change", "Roll back…", "Promote the challenger…")
        .contains("Sign out");
    PlaywrightAssertions.assertThat(page.locator("#comparison-note")).containsText("No comparison");
    screenshot("rollout-invoker.png");
    page.setViewportSize(390, 844);
    assertThat(ConsoleBrowser.fitsItsWidth(page)).isTrue();
  }

  @Test
  void thePagesAskForNoComparisonWithoutAChallengerNorDriftWithoutAProfile() {
    List<String> notFound = new ArrayList<>();
    page.onResponse(response -> {
      if (response.status() == 404) {
        notFound.add(response.url());
      }
    });
    page.navigate(console + "models.html");
    signIn(INVOKER_KEY);
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("1.1.0: card");
    PlaywrightAssertions.assertThat(page.locator("#comparison-note"))
        .hasText(
            "No comparison: the rollout serves its champion alone. A challenger is set on the"
                + " Rollout page.");

    page.locator("#version").selectOption("1.0.0");
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("1.0.0: card");
    PlaywrightAssertions.assertThat(page.locator("#drift-note"))
        .containsText("No drift: the card of model 1.0.0 keeps no profile of its inputs");

    page.navigate(console + "rollout.html");
    PlaywrightAssertions.assertThat(page.locator("#comparison-note"))
        .hasText("No comparison: the rollout serves its champion alone.");
    assertThat(notFound).isEmpty();
  }

  @Test
  void aLiveAucBelowTheCardsIsMarkedAsItsAlertsRuleHasIt() throws IOException {
    // The page's rule is the alert's: the same margin and fewest outcomes in both files.
    String rules = Files.readString(Path.of("../deploy/prometheus/model-rules.yml"));
    String models =
        Files.readString(Path.of("src/main/resources/META-INF/resources/console/js/models.js"));
    assertThat(rules).contains("window=\"24h\"}) - 0.05)").contains("window=\"24h\"}) >= 200");
    assertThat(models)
        .contains("const LIVE_AUC_MARGIN = 0.05;")
        .contains("const FEWEST_OUTCOMES = 200;");
    double card = card("1.1.0").get("evaluation").get("roc_auc").asDouble();
    // The day's live answer as the API gives it, with the outcomes and the AUC of a chosen day:
    // the page's rule is what is tested here, the figures' making by the monitoring tests.
    double[] day = new double[2];
    page.route(
        url -> url.contains("/v1/models/1.1.0/quality?window=24h"),
        route -> {
          com.microsoft.playwright.APIResponse real = route.fetch();
          try {
            com.fasterxml.jackson.databind.node.ObjectNode answer =
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(real.text());
            answer.put("count", (long) day[0]).put("roc_auc", day[1]);
            route.fulfill(
                new com.microsoft.playwright.Route.FulfillOptions()
                    .setResponse(real)
                    .setBody(answer.toString()));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    Locator dayAuc = page.locator("#quality tbody tr").nth(1).locator("td").nth(2);

    // Below the margin on 200 outcomes: marked; the week's row never is.
    day[0] = 200;
    day[1] = card - 0.06;
    page.navigate(console + "models.html");
    signIn(INVOKER_KEY);
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("1.1.0: card");
    PlaywrightAssertions.assertThat(dayAuc).hasClass("worse");
    PlaywrightAssertions.assertThat(dayAuc).containsText("(below the card)");
    PlaywrightAssertions.assertThat(page.locator("#quality tbody tr").nth(2).locator("td").nth(2))
        .not()
        .hasClass("worse");
    PlaywrightAssertions.assertThat(page.locator("#quality-note"))
        .containsText("a flight no one asked about is in none of them");

    // One outcome fewer, or a fall of the margin exactly (the rule asks for more): not marked.
    for (double[] unmarked : new double[][] {{199, card - 0.06}, {200, card - 0.05}}) {
      day[0] = unmarked[0];
      day[1] = unmarked[1];
      page.reload();
      PlaywrightAssertions.assertThat(page.locator("#status")).containsText("1.1.0: card");
      PlaywrightAssertions.assertThat(dayAuc)
          .hasText(String.format(java.util.Locale.ROOT, "%.3f", unmarked[1]));
      PlaywrightAssertions.assertThat(dayAuc).not().hasClass("worse");
    }
  }

  @Test
  void theModelsPageShowsTheCardsSlicesAndTheLiveDays() throws IOException {
    page.navigate(console + "models.html");
    signIn(INVOKER_KEY);
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("1.1.0: card");
    JsonNode slices = card("1.1.0").get("slices");

    List<String> airlines = page.locator("#slices-airline tbody th").allTextContents();
    List<String> expected = new ArrayList<>();
    slices.get("by_airline").forEach(slice -> expected.add(slice.get("name").asText()));
    assertThat(airlines).isNotEmpty().containsExactlyElementsOf(expected);
    assertThat(page.locator("#slices-month tbody tr").count())
        .isEqualTo(slices.get("by_month").size());
    assertThat(page.locator("#slices-airline tbody tr").first().locator("td").nth(3).textContent())
        .isEqualTo(
            String.format(
                java.util.Locale.ROOT,
                "%.3f",
                slices.get("by_airline").get(0).get("roc_auc").asDouble()));
    // Fourteen days of live figures, each against the card's, dashed.
    JsonNode quality = ConsoleBrowser.chartOption(page, "quality-time");
    assertThat(quality.get("xAxis").get(0).get("data")).hasSize(14);
    assertThat(quality.get("series").get(0).get("data")).hasSize(14);
    assertThat(
            quality.get("series").get(0).get("markLine").get("data").get(0).get("yAxis").asDouble())
        .isEqualTo(card("1.1.0").get("evaluation").get("roc_auc").asDouble());
    assertThat(ConsoleBrowser.chartOption(page, "drift-time").get("series").get(0).get("data"))
        .hasSize(14);

    // Any past day: the live figures up to its end.
    page.getByLabel("Live figures up to the end of (empty: the latest departure)")
        .fill(DAY.minusDays(3).toString());
    page.getByLabel("Live figures up to the end of (empty: the latest departure)")
        .dispatchEvent("change");
    PlaywrightAssertions.assertThat(page.locator("#status"))
        .containsText("up to " + DAY.minusDays(2) + " 00:00:00");
    JsonNode days =
        ConsoleBrowser.chartOption(page, "quality-time").get("xAxis").get(0).get("data");
    // Each point is the day it measures: the last, the day picked.
    assertThat(days.get(13).asText()).isEqualTo(DAY.minusDays(3).toString());
    PlaywrightAssertions.assertThat(page.locator("#over-time-note"))
        .containsText("14 days to the end of " + DAY.minusDays(3));
    // The fixture's one day is later: no flight in these hours, so no drift can be told either way.
    PlaywrightAssertions.assertThat(page.locator("#drift-note"))
        .containsText("none was predicted in these hours, so no drift can be told");
    assertThat(page.locator("#drift tbody tr td:nth-child(4)").allTextContents())
        .isNotEmpty()
        .containsOnly("—");
  }

  @Test
  void theServicePageShowsThisInstancesRoutesAndBurnRates() throws IOException {
    for (int i = 0; i < 7; i++) {
      given().header("Authorization", "Bearer " + INVOKER_KEY).get("/v1/models/1.0.0");
      given().header("Authorization", "Bearer " + INVOKER_KEY).get("/v1/models/9.9.9");
    }
    page.navigate(console + "service.html");
    // Metrics are open to read here (LATAM_METRICS_POLICY=permit): no sign-in is asked.
    PlaywrightAssertions.assertThat(page.locator("#last-read")).containsText("(your clock)");

    String metrics = given().get("/metrics").then().statusCode(200).extract().asString();
    Locator models =
        page.locator("#routes tbody tr")
            .filter(
                new Locator.FilterOptions()
                    .setHas(
                        page.getByRole(
                            AriaRole.ROWHEADER,
                            new Page.GetByRoleOptions()
                                .setName("/v1/models/{version}")
                                .setExact(true))));
    assertThat(models.count()).isEqualTo(1);
    assertThat(digits(models.locator("td").nth(1).textContent()))
        .isEqualTo(requests(metrics, "/v1/models/{version}", ""))
        .isGreaterThanOrEqualTo(14);
    assertThat(digits(models.locator("td").nth(4).textContent()))
        .isEqualTo(requests(metrics, "/v1/models/{version}", "4"))
        .isGreaterThanOrEqualTo(7);
    PlaywrightAssertions.assertThat(page.locator("#slo tbody tr")).hasCount(3);
    assertThat(page.locator("#slo tbody tr").first().locator("td").nth(2).textContent())
        .contains("×");
    PlaywrightAssertions.assertThat(page.locator("#rates-chart svg")).isVisible();
    screenshot("service.png");
    page.setViewportSize(390, 844);
    assertThat(ConsoleBrowser.fitsItsWidth(page)).isTrue();
  }

  private static int digits(String text) {
    return Integer.parseInt(text.replaceAll("[^0-9]", ""));
  }

  /**
   * How many requests /metrics counts for a route with a status that starts with {@code status}.
   */
  private static int requests(String metrics, String uri, String status) {
    return (int)
        metrics
            .lines()
            .filter(line -> line.startsWith("http_server_requests_seconds_count{"))
            .filter(line -> line.contains("uri=\"" + uri + "\""))
            .filter(line -> line.contains("status=\"" + status))
            .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
            .sum();
  }

  /** The rollout page, signed in as an admin, 1.1.0 in force, with {@code challenger} chosen. */
  private void openTheRolloutAsAdminChoosing(String challenger) {
    page.navigate(console + "rollout.html");
    signIn(ADMIN_KEY);
    PlaywrightAssertions.assertThat(page.locator("#in-force")).containsText("1.1.0");
    page.getByLabel("Challenger", new Page.GetByLabelOptions().setExact(true))
        .selectOption(challenger);
  }

  /** Serves {@code champion} alone, as another admin does through the API. */
  private static void serveAlone(String champion) {
    given()
        .header("Authorization", "Bearer " + ADMIN_KEY)
        .contentType(ContentType.JSON)
        .body(Map.of("champion", champion))
        .put("/v1/rollout")
        .then()
        .statusCode(200);
  }

  private static JsonNode rollout() throws IOException {
    return JSON.readTree(
        given()
            .header("Authorization", "Bearer " + ADMIN_KEY)
            .get("/v1/rollout")
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  private static JsonNode card(String version) throws IOException {
    return JSON.readTree(
        given()
            .header("Authorization", "Bearer " + INVOKER_KEY)
            .get("/v1/models/" + version)
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  /** The first series of a chart, as the chart holds it: [[x, y], ...]. */
  private List<List<Double>> drawn(String chart) throws IOException {
    JsonNode data = ConsoleBrowser.chartOption(page, chart).get("series").get(0).get("data");
    List<List<Double>> points = new ArrayList<>();
    data.forEach(p -> points.add(List.of(p.get(0).asDouble(), p.get(1).asDouble())));
    return points;
  }

  private static List<List<Double>> points(JsonNode curve) {
    List<List<Double>> points = new ArrayList<>();
    curve.forEach(p -> points.add(List.of(p.get("x").asDouble(), p.get("y").asDouble())));
    return points;
  }

  private List<String> seriousViolations() throws IOException {
    return ConsoleBrowser.seriousViolations(page);
  }

  private static String sha256(String key) {
    return ConsoleBrowser.sha256(key.getBytes(StandardCharsets.UTF_8));
  }
}
