package org.latamml.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The versions of the libraries that train and export models, for model cards. */
final class Libraries {
  private Libraries() {}

  static Map<String, String> versions() {
    Properties properties = new Properties();
    try (InputStream in = Libraries.class.getResourceAsStream("/latam-training.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> versions = new TreeMap<>();
    properties
        .stringPropertyNames()
        .forEach(name -> versions.put(name, properties.getProperty(name)));
    versions.put("java", Runtime.version().toString());
    return versions;
  }
}
