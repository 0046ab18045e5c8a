package org.latamml.problem;

import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods each path takes, read once from the resources' JAX-RS annotations: what a 405's
 * {@code Allow} header lists (RFC 9110 requires it). Quarkus REST throws its 405 without the
 * header, and its automatic OPTIONS answer lists every method of the resource class, not of the
 * path. Resource methods only: a sub-resource locator's methods (the service has none) are not
 * followed.
 */
public final class AllowedMethods {
  private static final Pattern PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*)?");

  /**
   * One resource method: the paths it matches, its HTTP method, and how many literal characters its
   * class's path has: JAX-RS routes a request to the class with the most, and never to another.
   */
  record Endpoint(Pattern path, String method, int classLiterals) {}

  private final List<Endpoint> endpoints;

  AllowedMethods(List<Endpoint> endpoints) {
    this.endpoints = List.copyOf(endpoints);
  }

  /** The resources of the running application, read from its beans at the first 405. */
  public static AllowedMethods ofApplication() {
    return Holder.APPLICATION;
  }

  private static final class Holder {
    static final AllowedMethods APPLICATION = of(resourceClasses());
  }

  private static List<Class<?>> resourceClasses() {
    List<Class<?>> classes = new ArrayList<>();
    for (Bean<?> bean :
        Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
      if (bean.getBeanClass().isAnnotationPresent(Path.class)) {
        classes.add(bean.getBeanClass());
      }
    }
    return classes;
  }

  /** The methods of these resource classes. */
  static AllowedMethods of(List<Class<?>> resources) {
    List<Endpoint> endpoints = new ArrayList<>();
    for (Class<?> resource : resources) {
      String base = resource.getAnnotation(Path.class).value();
      int literals = Template.of(base).literals();
      for (Method method : resource.getMethods()) {
        String verb = httpMethodOf(method);
        if (verb != null) {
          Path sub = method.getAnnotation(Path.class);
          endpoints.add(
              new Endpoint(
                  Template.of(base + "/" + (sub == null ? "" : sub.value())).pattern(),
                  verb,
                  literals));
        }
      }
    }
    return new AllowedMethods(endpoints);
  }

  private static String httpMethodOf(Method method) {
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (verb != null) {
        return verb.value();
      }
    }
    return null;
  }

  /**
   * A JAX-RS path template read once: the paths it matches ({@code {name}} one segment, {@code
   * {name: re}} what re matches) and how many of its characters are literal.
   */
  record Template(Pattern pattern, int literals) {
    static Template of(String template) {
      String path = normalise(template);
      StringBuilder regex = new StringBuilder();
      int literals = 0;
      int at = 0;
      Matcher parameter = PARAMETER.matcher(path);
      while (parameter.find(at)) {
        regex.append(Pattern.quote(path.substring(at, parameter.start())));
        literals += parameter.start() - at;
        int close = closingBrace(path, parameter.end());
        String own = path.substring(parameter.end(), close).strip();
        regex.append(parameter.group().contains(":") ? "(?:" + own + ")" : "[^/]+");
        at = close + 1;
      }
      regex.append(Pattern.quote(path.substring(at)));
      return new Template(Pattern.compile(regex.toString()), literals + path.length() - at);
    }
  }

  private static int closingBrace(String path, int from) {
    int depth = 1;
    for (int i = from; i < path.length(); i++) {
      char c = path.charAt(i);
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed parameter in " + path);
  }

  private static String normalise(String path) {
    String joined = ("/" + path).replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/")
        ? joined.substring(0, joined.length() - 1)
        : joined;
  }

  /**
   * The {@code Allow} header for a request's path: its methods, HEAD with GET, and OPTIONS, which
   * Quarkus REST answers on every path; null when no resource takes the path.
   */
  public String allowFor(String requestPath) {
    String path = normalise(requestPath);
    Set<String> methods = new TreeSet<>();
    int routedTo = -1;
    for (Endpoint endpoint : endpoints) {
      if (endpoint.path().matcher(path).matches()) {
        if (endpoint.classLiterals() > routedTo) {
          methods.clear();
          routedTo = endpoint.classLiterals();
        }
        if (endpoint.classLiterals() == routedTo) {
          methods.add(endpoint.method());
        }
      }
    }
    if (methods.isEmpty()) {
      return null;
    }
    if (methods.contains("GET")) {
      methods.add("HEAD");
    }
    methods.add("OPTIONS");
    return String.join(", ", methods);
  }
}
