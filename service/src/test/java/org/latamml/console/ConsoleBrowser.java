package org.latamml.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Debian's chromium, headless, driven by Playwright for the console's tests: one browser per test
 * class, a page per test that may ask nothing but the service and records every script error.
 */
final class ConsoleBrowser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SHOTS = Path.of("target/console");
  private static final String AXE_SHA256 =
      "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Playwright playwright;
  private final Browser browser;

  private ConsoleBrowser(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Starts chromium; skips the class where it is absent, fails it where CI requires it. */
  static ConsoleBrowser launch() {
    String missing =
        "the console's browser tests need Debian's chromium (apt-get install chromium)";
    if (System.getenv("LATAM_REQUIRE_BROWSER") != null) {
      assertThat(CHROMIUM).as(missing).isExecutable();
    }
    assumeTrue(Files.isExecutable(CHROMIUM), missing);
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    return new ConsoleBrowser(
        playwright,
        playwright
            .chromium()
            .launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM).setHeadless(true)));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }

  /**
   * A page at {@code url}, 1280 px wide, that adds to {@code problems} every request to another
   * origin (aborted) and every script error.
   */
  Page open(URL url, List<String> problems) {
    Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1280, 900));
    String origin = url.getProtocol() + "://" + url.getAuthority();
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
    // A 4xx the page asked for and handles (a refused credential, no challenger, a refused upload)
    // is logged by the browser as an error; the page tells the user, and the tests check it.
    page.onConsoleMessage(message -> {
      if (message.type().equals("error")
          && !message
              .text()
              .startsWith(
                  "Failed to load resource: the server responded with a" + " status of 4")) {
        problems.add("console: " + message.text());
      }
    });
    page.onPageError(error -> problems.add("page: " + error));
    page.navigate(url.toString());
    return page;
  }

  /** Signs in on the page's form with {@code key}. */
  static void signIn(Page page, String key) {
    PlaywrightAssertions.assertThat(page.locator("#sign-in")).isVisible();
    page.getByLabel("API key or ID token").fill(key);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
  }

  /** Writes the whole page to {@code target/console/name}. */
  static void screenshot(Page page, String name) throws IOException {
    Files.createDirectories(SHOTS);
    page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name)).setFullPage(true));
  }

  /** Whether the page, at its current width, keeps from scrolling sideways. */
  static boolean fitsItsWidth(Page page) {
    return (Boolean) page.evaluate("document.documentElement.scrollWidth <= window.innerWidth");
  }

  /** What axe-core finds serious or critical on the page, one line each. */
  static List<String> seriousViolations(Page page) throws IOException {
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

  /** A chart's option as ECharts holds it: what it draws, read from the chart itself. */
  static JsonNode chartOption(Page page, String chart) throws IOException {
    return JSON.readTree(
        (String)
            page.evaluate(
                "async id => JSON.stringify((await"
                    + " import('/_static/echarts/5.6.0/dist/echarts.esm.min.js'))"
                    + ".getInstanceByDom(document.getElementById(id)).getOption())",
                chart));
  }

  private static String axe() throws IOException {
    byte[] script;
    try (InputStream in = ConsoleBrowser.class.getResourceAsStream("/axe/axe.min.js")) {
      script = in.readAllBytes();
    }
    assertThat(sha256(script))
        .as("axe.min.js as vendored (src/test/resources/axe/README.md)")
        .isEqualTo(AXE_SHA256);
    return new String(script, StandardCharsets.UTF_8);
  }

  /** The SHA-256 of {@code bytes}, in hex: how the service stores an API key. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
