package org.latamml.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same contract, against the packaged jar. */
@QuarkusIntegrationTest
class ApiContractIT extends ApiContractTest {}
