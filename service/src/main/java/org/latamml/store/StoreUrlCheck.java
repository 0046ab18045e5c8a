package org.latamml.store;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.latamml.config.RefusedStart;

/**
 * Refuses, in one line, a start whose store URL is not of the database this build was made for (the
 * container's PostgreSQL build left with the embedded H2 default, for one): otherwise the migration
 * fails first, with a stack trace about a driver.
 */
@Singleton
public class StoreUrlCheck implements FlywayConfigurationCustomizer {
  private final String kind;
  private final String url;

  StoreUrlCheck(
      @ConfigProperty(name = "quarkus.datasource.db-kind") String kind,
      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
    // Quarkus's other names for PostgreSQL, whose URLs all say postgresql.
    this.kind = kind.equals("postgres") || kind.equals("pgsql") ? "postgresql" : kind;
    this.url = url;
  }

  @Override
  public void customize(FluentConfiguration configuration) {
    String expected = "jdbc:" + kind + ":";
    if (!url.startsWith(expected)) {
      throw RefusedStart.because(
          "QUARKUS_DATASOURCE_JDBC_URL must be a "
              + expected
              + " URL, for the store this build was made for ("
              + kind
              + "); it is "
              + schemeOf(url));
    }
  }

  // The URL's scheme alone (jdbc:h2:): what follows it may name a user or hold a password.
  private static String schemeOf(String url) {
    int second = url.indexOf(':', 5);
    if (!url.startsWith("jdbc:")
        || second < 0
        || !url.substring(5, second).chars().allMatch(Character::isLetterOrDigit)) {
      return "not a JDBC URL";
    }
    return "a " + url.substring(0, second + 1) + " URL";
  }
}
