package org.latamml.store;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;

/**
 * How the command line reaches the store: the service's own {@code quarkus.datasource.*} settings
 * (also {@code QUARKUS_DATASOURCE_JDBC_URL}, {@code _USERNAME}, {@code _PASSWORD}), read through
 * the same configuration library, with the same default.
 *
 * @param url the JDBC URL
 * @param user the user, or null
 * @param password the password, or null
 */
public record StoreSettings(String url, String user, String password) {

  /** The embedded H2 store under {@code data/} of the project home, open to other processes. */
  static String defaultUrl(Path home) {
    return "jdbc:h2:file:"
        + home.toAbsolutePath().normalize().resolve("data").resolve("flights")
        + ";AUTO_SERVER=TRUE";
  }

  /** Where the migrations of this database's kind are: H2's or PostgreSQL's. */
  public String migrations() {
    return "classpath:db/migration/" + (url.startsWith("jdbc:postgresql:") ? "postgresql" : "h2");
  }

  /** The settings system properties and the environment give, for a project at {@code home}. */
  public static StoreSettings fromEnvironment(Path home) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder().addDefaultSources().addDefaultInterceptors().build();
    return new StoreSettings(
        config
            .getOptionalValue("quarkus.datasource.jdbc.url", String.class)
            .orElse(defaultUrl(home)),
        config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
        config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null));
  }
}
