# syntax=docker/dockerfile:1
# The prediction service for Cloud Run. Build from the repository root:
#   docker build -t latam-ml-infra .
# Every model of Models/ is in the image (they are small); the service adds those its model store
# (the models bucket) lacks at start. version.txt (or MODEL_VERSION) names the first champion of an
# empty store; after that the rollout in the store decides (docs/OPERATIONS.md).

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY model/pom.xml model/pom.xml
COPY training/pom.xml training/pom.xml
COPY service/pom.xml service/pom.xml
# Dependencies first, so that a code change does not download them again.
RUN ./mvnw -B -q -pl service -am dependency:go-offline -DexcludeReactor=true || true
COPY model model
COPY service service
# The cloud profile: PostgreSQL (db-kind is fixed at build time) and the Cloud SQL connector.
RUN ./mvnw -B -q -pl service -am package -Pcloud -Dquarkus.datasource.db-kind=postgresql \
      -DskipTests -Dspotless.check.skip=true
# ONNX Runtime's native libraries, copied out of its jar once here: otherwise every start copies
# them (23 MB) into /tmp, which on Cloud Run is the instance's memory, and leaves a directory behind.
RUN set -eu; \
    case "$(uname -m)" in \
      x86_64) platform=linux-x64 ;; \
      aarch64) platform=linux-aarch64 ;; \
      *) echo "no ONNX Runtime native libraries for $(uname -m)" >&2; exit 1 ;; \
    esac; \
    mkdir -p /out/onnxruntime-native /tmp/onnxruntime; \
    cd /tmp/onnxruntime; \
    jar xf /src/service/target/quarkus-app/lib/main/com.microsoft.onnxruntime.onnxruntime-*.jar \
      "ai/onnxruntime/native/${platform}/"; \
    test -f "ai/onnxruntime/native/${platform}/libonnxruntime4j_jni.so"; \
    cp "ai/onnxruntime/native/${platform}/"* /out/onnxruntime-native/
COPY version.txt Models/ /src/models-all/
ARG MODEL_VERSION=""
RUN set -eu; \
    version="${MODEL_VERSION:-$(tr -d '[:space:]' < /src/models-all/version.txt)}"; \
    test -f "/src/models-all/Latam_flight_model.${version}.onnx"; \
    test -f "/src/models-all/Latam_flight_model.${version}.json"; \
    mkdir -p /out/Models; \
    cp /src/models-all/Latam_flight_model.* /out/Models/; \
    echo "${version}" > /out/version.txt
# Each model's graph run once here, its answers kept: the instances check their models against
# them and, when every model scores in Java, never load ONNX Runtime (docs/PERFORMANCE.md, "Models
# checked once"). A model that cannot load fails the build.
RUN java -Donnxruntime.native.path=/out/onnxruntime-native --enable-native-access=ALL-UNNAMED \
      -cp "/src/service/target/quarkus-app/lib/main/*" org.latamml.artifact.KeepGraphAnswers \
      /out/Models /out/graph-answers

FROM eclipse-temurin:21-jre AS runtime
RUN groupadd --system --gid 10001 latam && useradd --system --uid 10001 --gid latam --home /app latam
WORKDIR /app
COPY --from=build --chown=latam:latam /src/service/target/quarkus-app/ /app/service/
COPY --from=build --chown=latam:latam /out/ /app/
RUN mkdir -p /app/data && chown latam:latam /app/data
USER 10001:10001
ENV LATAM_HOME=/app \
    LATAM_GRAPH_ANSWERS=/app/graph-answers \
    PORT=8080 \
    JAVA_OPTS="-XX:MaxRAMPercentage=60 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=2000 --enable-native-access=ALL-UNNAMED -Donnxruntime.native.path=/app/onnxruntime-native"
EXPOSE 8080
# Heap sized for the container: 60 % of its memory, the rest for ONNX Runtime, metaspace, threads.
# The native heap is trimmed every 2 s (a product flag since 21.0.1): glibc otherwise keeps what
# the JIT compilers and ONNX Runtime free (docs/PERFORMANCE.md; not measured in this image, which
# cannot be built here).
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/service/quarkus-run.jar"]
