package org.latamml.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.latamml.app.FastJson;
import org.latamml.problem.StrictJson;

/** The service's JSON mapper outside Quarkus, for tests of what reads and writes with it. */
public final class AppJson {
  private AppJson() {}

  /** The mapper as Quarkus and the app's customizers make it. */
  public static ObjectMapper mapper() {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    new StrictJson().customize(mapper);
    new FastJson().customize(mapper);
    return mapper;
  }
}
