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
    this.kind = kind;
    this.url = url;
  }

  @Override
  public void customize(FluentConfiguration configuration) {
    String expected = "jdbc:" + kind + ":";
    if (!url.startsWith(expected)) {
      // The scheme alone: the rest of a URL may hold a password.
      int scheme = url.indexOf(':', url.indexOf(':') + 1);
      throw RefusedStart.because(
          "QUARKUS_DATASOURCE_JDBC_URL must be a "
              + expected
              + " URL, for the store this build was made for ("
              + kind
              + "); it is "
              + (scheme > 0 ? "a " + url.substring(0, scheme + 1) + " URL" : "not a JDBC URL"));
    }
  }
}
