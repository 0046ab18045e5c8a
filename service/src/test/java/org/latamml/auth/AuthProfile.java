package org.latamml.auth;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The test service with authentication required, against the test issuer. */
public final class AuthProfile implements QuarkusTestProfile {
  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(AuthTestResource.class));
  }
}
