package org.latamml.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.latamml.fixtures.FlightFixtures;
import org.latamml.testing.LiveFeed;

/**
 * The console in a real browser (Debian's chromium, headless, through Playwright): sign-in, the
 * departures board of a recorded day with each flight's risk, a flight's explanation chart, and no
 * serious accessibility violation (axe-core). Screenshots go to {@code target/console/}.
 */
@QuarkusTest
@TestProfile(ConsoleBrowserTest.RecordedDay.class)
class ConsoleBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SHOTS = Path.of("target/console");
  private static final LocalDate DAY = LocalDate.of(2017, 7, 14);
  private static final int FLIGHTS = 60;
  private static final String INVOKER_KEY = "lmk_console_invoker_4b7e9c1d2a3f";
  private static final String AXE_SHA256 =
      "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c";
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
        settings.put("latam.auth.mode", "required");
        settings.put("latam.auth.api-keys.console.sha256", sha256(INVOKER_KEY));
        return settings;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static Playwright playwright;
  private static Browser browser;
  private Page page;
  private final List<String> problems = new ArrayList<>();

  @TestHTTPResource("/console/")
  URL console;

  @BeforeAll
  static void startBrowser() {
    String missing =
        "the console's browser tests need Debian's chromium (apt-get install chromium)";
    if (System.getenv("LATAM_REQUIRE_BROWSER") != null) {
      assertThat(CHROMIUM).as(missing).isExecutable();
    }
    assumeTrue(Files.isExecutable(CHROMIUM), missing);
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @BeforeEach
  void openConsole() {
    page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
    String origin = console.getProtocol() + "://" + console.getAuthority();
    // Nothing but the service: a script or style from anywhere else fails the test.
    page.route(
        "**/*",
        route -> {
          if (route.request().url().startsWith(origin)) {
            route.resume();
          } else {
            problems.add("asked " + route.request().url());
            route.abort();
          }
        });
    page.onConsoleMessage(message -> {
      if (message.type().equals("error") && !message.text().contains("status of 401")) {
        problems.add("console: " + message.text());
      }
    });
    page.onPageError(error -> problems.add("page: " + error));
    page.navigate(console.toString());
  }

  @AfterEach
  void closePage() {
    if (page != null) {
      page.close();
    }
    assertThat(problems).isEmpty();
  }

  private void signIn(String key) {
    PlaywrightAssertions.assertThat(page.locator("#sign-in")).isVisible();
    page.getByLabel("API key or ID token").fill(key);
    page.getByRole(
            com.microsoft.playwright.options.AriaRole.BUTTON,
            new Page.GetByRoleOptions().setName("Sign in"))
        .click();
  }

  private void showRecordedDay() {
    page.locator("#hours").selectOption("24");
    page.locator("#day").fill(DAY.toString());
    page.locator("#day").dispatchEvent("change");
    PlaywrightAssertions.assertThat(page.locator("#flights tbody tr")).hasCount(FLIGHTS);
  }

  private static JsonNode boardOfTheDay() throws IOException {
    return JSON.readTree(
        given()
            .header("Authorization", "Bearer " + INVOKER_KEY)
            .get("/v1/board?hours=24&from=" + DAY + "T00:00")
            .then()
            .statusCode(200)
            .extract()
            .asString());
  }

  private void screenshot(String name) throws IOException {
    Files.createDirectories(SHOTS);
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name)).setFullPage(true));
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
        .get("/console")
        .then()
        .statusCode(303)
        .header("Location", "/console/");
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
    assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
        .isTrue();
    screenshot("board-phone.png");
    page.setViewportSize(1280, 900);

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

    page.locator("#flights tbody tr")
        .first()
        .getByRole(com.microsoft.playwright.options.AriaRole.BUTTON)
        .click();

    PlaywrightAssertions.assertThat(page.locator("#details")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#explanation-note")).containsText("Model 1.1.0");
    PlaywrightAssertions.assertThat(page.locator("#explanation svg")).isVisible();
    List<String> drawn = page.locator("#explanation svg text").allTextContents();
    explained
        .get("predictions")
        .get(0)
        .get("explanation")
        .get("contributions")
        .forEach(contribution -> assertThat(drawn).contains(contribution.get("input").asText()));
    screenshot("flight-explained.png");
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
  }

  @Test
  void thePagesHaveNoSeriousAccessibilityViolation() throws Exception {
    signIn(INVOKER_KEY);
    showRecordedDay();
    page.locator("#flights tbody tr")
        .first()
        .getByRole(com.microsoft.playwright.options.AriaRole.BUTTON)
        .click();
    PlaywrightAssertions.assertThat(page.locator("#explanation svg")).isVisible();
    assertThat(seriousViolations()).as("the board").isEmpty();

    page.navigate(console.toString() + "models.html");
    PlaywrightAssertions.assertThat(page.locator("#status")).containsText("1.1.0: card");
    assertThat(seriousViolations()).as("the models").isEmpty();
  }

  /** The first series of a chart, as the chart holds it: [[x, y], ...]. */
  private List<List<Double>> drawn(String chart) throws IOException {
    JsonNode data =
        JSON.readTree(
            (String)
                page.evaluate(
                    "async id => JSON.stringify((await"
                        + " import('/_static/echarts/5.6.0/dist/echarts.esm.min.js'))"
                        + ".getInstanceByDom(document.getElementById(id)).getOption()"
                        + ".series[0].data)",
                    chart));
    List<List<Double>> points = new ArrayList<>();
    data.forEach(p -> points.add(List.of(p.get(0).asDouble(), p.get(1).asDouble())));
    return points;
  }

  private static List<List<Double>> points(JsonNode curve) {
    List<List<Double>> points = new ArrayList<>();
    curve.forEach(p -> points.add(List.of(p.get("x").asDouble(), p.get("y").asDouble())));
    return points;
  }

  /** What axe-core finds serious or critical on the page, one line each. */
  private List<String> seriousViolations() throws Exception {
    page.evaluate(axe());
    String result =
        (String)
            page.evaluate(
                "async () => JSON.stringify((await axe.run(document, {resultTypes:"
                    + " ['violations']})).violations.filter(v => v.impact === 'serious' ||"
                    + " v.impact === 'critical').map(v => v.id + ': ' + v.help + ' ' +"
                    + " v.nodes.map(n => n.target.join(' ')).join(', ')))");
    List<String> found = new ArrayList<>();
    JSON.readTree(result).forEach(line -> found.add(line.asText()));
    return found;
  }

  private static String axe() throws Exception {
    byte[] script;
    try (InputStream in = ConsoleBrowserTest.class.getResourceAsStream("/axe/axe.min.js")) {
      script = in.readAllBytes();
    }
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script)))
        .as("axe.min.js as vendored (src/test/resources/axe/README.md)")
        .isEqualTo(AXE_SHA256);
    return new String(script, StandardCharsets.UTF_8);
  }

  private static String sha256(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
