package org.latamml.store;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Begins loading the flight store the moment Flyway has migrated it at start, rather than when
 * Quarkus fires its start event: the half second of reading then overlaps the rest of the start
 * (the OpenAPI document, metrics, the router).
 */
@Singleton
public class LoadAfterMigration implements FlywayConfigurationCustomizer {
  private final StoreStartup startup;

  LoadAfterMigration(StoreStartup startup) {
    this.startup = startup;
  }

  @Override
  public void customize(FluentConfiguration configuration) {
    configuration.callbacks(
        new BaseCallback() {
          @Override
          public boolean supports(Event event, Context context) {
            return event == Event.AFTER_MIGRATE;
          }

          @Override
          public boolean canHandleInTransaction(Event event, Context context) {
            return true;
          }

          @Override
          public void handle(Event event, Context context) {
            startup.beginLoading();
          }
        });
  }
}
