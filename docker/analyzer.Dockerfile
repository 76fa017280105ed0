# Runwarden stream analyzer (Kafka Streams) — Quarkus fast-jar on a JRE 17.
#
# Build from the repository root (the build context), after the Maven build:
#   ./mvnw -B package -DskipTests -pl stream-analyzer -am
#   docker build -f docker/analyzer.Dockerfile -t runwarden/stream-analyzer:latest .
#
# Kubernetes probes: liveness GET /q/health/live, readiness GET /q/health/ready (port 8082).
FROM eclipse-temurin:17-jre-jammy

# curl for the HEALTHCHECK; a numeric non-root user (185, as Quarkus' own images) with group 0 so the image
# also runs under an arbitrary UID (OpenShift).
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 185 --gid 0 --home-dir /home/runwarden --create-home --shell /usr/sbin/nologin runwarden \
 && mkdir -p /deployments /var/lib/runwarden/analyzer-state \
 && chown -R 185:0 /deployments /var/lib/runwarden && chmod -R g+rwX /deployments /var/lib/runwarden

WORKDIR /deployments
# The fast-jar layout, copied in four layers as Quarkus' Dockerfile.jvm does (dependencies change least).
COPY --chown=185:0 stream-analyzer/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185:0 stream-analyzer/target/quarkus-app/*.jar /deployments/
COPY --chown=185:0 stream-analyzer/target/quarkus-app/app/ /deployments/app/
COPY --chown=185:0 stream-analyzer/target/quarkus-app/quarkus/ /deployments/quarkus/

# RocksDB state lives here; mount a volume (k8s: the StatefulSet's PVC) to keep it across restarts.
ENV KAFKA_STREAMS_STATE_DIR=/var/lib/runwarden/analyzer-state \
    HOME=/home/runwarden \
    JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=25.0 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dquarkus.http.host=0.0.0.0" \
    JAVA_OPTS_APPEND=""

EXPOSE 8082
USER 185

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8082/q/health/live || exit 1

ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"]
