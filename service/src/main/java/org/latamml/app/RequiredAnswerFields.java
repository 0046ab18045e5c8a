package org.latamml.app;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.RecordComponentInfo;
import org.jboss.jandex.Type;

/**
 * Marks in the OpenAPI document which fields of an answer are always there, from its records.
 *
 * <p>A generated client's types then say which fields it can count on. Jackson writes every
 * component of a record (the service's mapper includes nulls: {@code DocumentedAnswersTest} checks
 * it is not told otherwise), so each is required in its answer's schema but those it leaves out
 * when they have no value: a reference-typed component under {@code JsonInclude} other than {@code
 * ALWAYS} (its own, or its record's), and a primitive under {@code NON_DEFAULT}. Left as their
 * records declare them: schemas a request body uses (what a caller must send is the route's to
 * say), and a model card's (a document its author writes, whose fields are required where the card
 * reader requires them, {@code @JsonProperty(required = true)}: an uploaded card may leave out
 * others, written back as null). Runs once, at build time, over the index Quarkus builds of the
 * application.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public final class RequiredAnswerFields implements OASFilter {
  private static final DotName JSON_INCLUDE =
      DotName.createSimple("com.fasterxml.jackson.annotation.JsonInclude");
  private static final DotName JSON_PROPERTY =
      DotName.createSimple("com.fasterxml.jackson.annotation.JsonProperty");
  private static final DotName SCHEMA =
      DotName.createSimple("org.eclipse.microprofile.openapi.annotations.media.Schema");
  private static final String REFERENCE = "#/components/schemas/";
  private static final String MODEL_CARD = "ModelCard";
  private static final String ALWAYS = "ALWAYS";

  private final IndexView index;

  /** The filter over Quarkus's index of the application, which Quarkus passes at build time. */
  public RequiredAnswerFields(IndexView index) {
    this.index = index;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
      return;
    }
    Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
    Set<String> answers = new HashSet<>();
    Set<String> requests = new HashSet<>();
    if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
      for (PathItem path : openAPI.getPaths().getPathItems().values()) {
        if (path.getOperations() == null) {
          continue;
        }
        for (Operation operation : path.getOperations().values()) {
          if (operation.getRequestBody() != null) {
            collect(operation.getRequestBody().getContent(), requests);
          }
          if (operation.getResponses() != null
              && operation.getResponses().getAPIResponses() != null) {
            for (APIResponse response : operation.getResponses().getAPIResponses().values()) {
              collect(response.getContent(), answers);
            }
          }
        }
      }
    }
    answers = reachable(answers, schemas);
    answers.removeAll(reachable(requests, schemas));
    answers.removeAll(reachable(Set.of(MODEL_CARD), schemas));
    Map<String, List<ClassInfo>> records = recordsByName();
    for (String name : answers) {
      Schema schema = schemas.get(name);
      if (schema == null || schema.getProperties() == null || !records.containsKey(name)) {
        continue;
      }
      ClassInfo record = recordOf(schema, records.get(name));
      if (record != null) {
        markRequired(schema, record);
      }
    }
  }

  private void markRequired(Schema schema, ClassInfo record) {
    Set<String> required = new HashSet<>();
    if (schema.getRequired() != null) {
      required.addAll(schema.getRequired());
    }
    String recordInclusion = inclusionOf(record.declaredAnnotation(JSON_INCLUDE));
    for (RecordComponentInfo component : record.recordComponents()) {
      String property = propertyOf(component, schema.getProperties().keySet());
      if (property == null) {
        continue; // not written (ignored)
      }
      FieldInfo field = record.field(component.name());
      String inclusion = field == null ? null : inclusionOf(field.annotation(JSON_INCLUDE));
      if (inclusion == null) {
        inclusion = recordInclusion == null ? ALWAYS : recordInclusion;
      }
      boolean primitive = component.type().kind() == Type.Kind.PRIMITIVE;
      // A primitive has no null to leave out: only NON_DEFAULT leaves out its zero.
      if (inclusion.equals(ALWAYS) || (primitive && !inclusion.equals("NON_DEFAULT"))) {
        required.add(property);
      }
    }
    // In the order of the schema's properties, as a reader of the document meets them.
    List<String> ordered = new ArrayList<>();
    for (String property : schema.getProperties().keySet()) {
      if (required.remove(property)) {
        ordered.add(property);
      }
    }
    ordered.addAll(required);
    schema.setRequired(ordered.isEmpty() ? null : ordered);
  }

  private static String propertyOf(RecordComponentInfo component, Set<String> properties) {
    FieldInfo field = component.declaringClass().field(component.name());
    AnnotationInstance named = field == null ? null : field.annotation(JSON_PROPERTY);
    List<String> candidates = new ArrayList<>();
    if (named != null && named.value() != null && !named.value().asString().isEmpty()) {
      candidates.add(named.value().asString());
    }
    candidates.add(component.name());
    candidates.add(snakeCase(component.name()));
    return candidates.stream().filter(properties::contains).findFirst().orElse(null);
  }

  private static String snakeCase(String name) {
    return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** What a {@code JsonInclude} says, or null where it leaves it to the enclosing default. */
  private static String inclusionOf(AnnotationInstance include) {
    if (include == null) {
      return null;
    }
    AnnotationValue value = include.value();
    String inclusion = value == null ? ALWAYS : value.asEnum();
    return inclusion.equals("USE_DEFAULTS") ? null : inclusion;
  }

  /**
   * The records of the application by the name their schemas have: their own, else their simple
   * name.
   */
  private Map<String, List<ClassInfo>> recordsByName() {
    Map<String, List<ClassInfo>> byName = new HashMap<>();
    Set<DotName> seen = new HashSet<>();
    for (ClassInfo type : index.getKnownClasses()) {
      // The index Quarkus passes holds each application class twice (its whole index and its
      // beans').
      if (!type.isRecord() || !seen.add(type.name())) {
        continue;
      }
      AnnotationInstance schema = type.declaredAnnotation(SCHEMA);
      AnnotationValue named = schema == null ? null : schema.value("name");
      String name = named != null ? named.asString() : type.simpleName();
      byName
          .computeIfAbsent(name.substring(name.lastIndexOf('$') + 1), n -> new ArrayList<>())
          .add(type);
    }
    return byName;
  }

  /**
   * The one record of those named as the schema whose components are its properties; null when none
   * or several are (a record of the same name that answers nothing, say).
   */
  private static ClassInfo recordOf(Schema schema, List<ClassInfo> named) {
    ClassInfo found = null;
    for (ClassInfo record : named) {
      Set<String> written = new HashSet<>();
      for (RecordComponentInfo component : record.recordComponents()) {
        String property = propertyOf(component, schema.getProperties().keySet());
        if (property != null) {
          written.add(property);
        }
      }
      if (written.equals(schema.getProperties().keySet())) {
        if (found != null) {
          return null;
        }
        found = record;
      }
    }
    return found;
  }

  private static void collect(Content content, Set<String> into) {
    if (content == null || content.getMediaTypes() == null) {
      return;
    }
    for (MediaType media : content.getMediaTypes().values()) {
      references(media.getSchema(), into);
    }
  }

  private static Set<String> reachable(Set<String> from, Map<String, Schema> schemas) {
    Set<String> seen = new HashSet<>(from);
    Deque<String> next = new ArrayDeque<>(from);
    while (!next.isEmpty()) {
      Set<String> found = new HashSet<>();
      references(schemas.get(next.pop()), found);
      for (String name : found) {
        if (seen.add(name)) {
          next.push(name);
        }
      }
    }
    return seen;
  }

  private static void references(Schema schema, Set<String> into) {
    if (schema == null) {
      return;
    }
    if (schema.getRef() != null && schema.getRef().startsWith(REFERENCE)) {
      into.add(schema.getRef().substring(REFERENCE.length()));
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(property -> references(property, into));
    }
    references(schema.getItems(), into);
    if (schema.getAdditionalPropertiesSchema() != null) {
      references(schema.getAdditionalPropertiesSchema(), into);
    }
    for (Collection<Schema> each :
        List.of(
            nonNull(schema.getAllOf()), nonNull(schema.getAnyOf()), nonNull(schema.getOneOf()))) {
      each.forEach(part -> references(part, into));
    }
  }

  private static List<Schema> nonNull(List<Schema> schemas) {
    return schemas == null ? List.of() : schemas;
  }
}
