package org.latamml.store;

import java.nio.file.Path;

/**
 * How the command line reaches the store: the same settings, with the same defaults, as the
 * service's {@code quarkus.datasource.*}.
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

  /** Settings from {@code QUARKUS_DATASOURCE_JDBC_URL}, {@code _USERNAME}, {@code _PASSWORD}. */
  public static StoreSettings fromEnvironment(Path home) {
    String url = setting("quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL");
    return new StoreSettings(
        url == null ? defaultUrl(home) : url,
        setting("quarkus.datasource.username", "QUARKUS_DATASOURCE_USERNAME"),
        setting("quarkus.datasource.password", "QUARKUS_DATASOURCE_PASSWORD"));
  }

  private static String setting(String property, String variable) {
    String value = System.getProperty(property);
    return value != null ? value : System.getenv(variable);
  }
}
