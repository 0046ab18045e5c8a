package org.latamml.registry;

import com.google.cloud.storage.StorageOptions;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.logging.Logger;
import org.latamml.config.ServicePaths;
import org.latamml.config.ServiceSettings;

/**
 * The model store the settings name: the bucket of {@code latam.models-bucket}, else the folder.
 */
public final class ModelStores {
  private static final Logger LOG = Logger.getLogger(ModelStores.class);

  ModelStores() {}

  @Produces
  @Singleton
  static ModelStore of(ServiceSettings settings) {
    LocalModelStore folder = new LocalModelStore(ServicePaths.of(settings).modelDirectory());
    if (settings.modelsBucket().isEmpty()) {
      return folder;
    }
    CloudModelStore bucket =
        CloudModelStore.at(
            StorageOptions.getDefaultInstance().getService(),
            settings.modelsBucket().get(),
            settings.modelsCache());
    try {
      int seeded = bucket.seedFrom(folder);
      if (seeded > 0) {
        LOG.infof(
            "model store %s: added the %d versions of %s",
            bucket.describe(), seeded, folder.describe());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bucket;
  }
}
