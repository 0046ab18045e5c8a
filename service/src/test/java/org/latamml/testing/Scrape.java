package org.latamml.testing;

import static io.restassured.RestAssured.given;

import java.util.Arrays;

/** Reads the running service's Prometheus metrics, as a scraper would. */
public final class Scrape {
  private Scrape() {}

  /** The sum of the samples of {@code series} whose labels contain every one of {@code labels}. */
  public static double sum(String series, String... labels) {
    return given()
        .get("/metrics")
        .asString()
        .lines()
        .filter(line -> line.startsWith(series + "{") || line.startsWith(series + " "))
        .filter(line -> Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** The service's own metrics ({@code latam_}) published without a description of their own. */
  public static java.util.List<String> withoutDescription() {
    return given()
        .get("/metrics")
        .asString()
        .lines()
        .filter(line -> line.startsWith("# HELP latam_"))
        .filter(line -> line.split(" ", 4).length < 4 || line.split(" ", 4)[3].isBlank())
        .toList();
  }
}
