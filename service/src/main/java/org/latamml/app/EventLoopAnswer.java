package org.latamml.app;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * A route's answer to its common case, given on the event loop by {@link EventLoopRoutes}: the JSON
 * bytes the route's resource would write, or null to hand the request on to that resource, which
 * stays the route's definition (its problems, its OpenAPI entry) and answers everything else.
 */
@FunctionalInterface
public interface EventLoopAnswer {

  /**
   * The answer to an admitted request (its caller known and allowed), whose body, if the route
   * takes one, has been read; null to hand it on. Must not block. A runtime exception hands it on
   * too: the resource meets the same failure and answers it with its problem body.
   */
  Buffer answer(RoutingContext context);
}
