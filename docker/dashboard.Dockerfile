# Runwarden dashboard (REST, SSE, web UI) — Quarkus fast-jar on a JRE 17.
#
# Build from the repository root (the build context), after the Maven build:
#   ./mvnw -B package -DskipTests -pl dashboard-api -am
#   docker build -f docker/dashboard.Dockerfile -t runwarden/dashboard-api:latest .
#
# Kubernetes probes: liveness GET /q/health/live, readiness GET /q/health/ready (port 8080).
FROM eclipse-temurin:17-jre-jammy

# curl for the HEALTHCHECK; a numeric non-root user (185, as Quarkus' own images) with group 0.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 185 --gid 0 --home-dir /home/runwarden --create-home --shell /usr/sbin/nologin runwarden \
 && mkdir -p /deployments && chown -R 185:0 /deployments && chmod -R g+rwX /deployments

WORKDIR /deployments
# The fast-jar layout, copied in four layers as Quarkus' Dockerfile.jvm does (dependencies change least).
COPY --chown=185:0 dashboard-api/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185:0 dashboard-api/target/quarkus-app/*.jar /deployments/
COPY --chown=185:0 dashboard-api/target/quarkus-app/app/ /deployments/app/
COPY --chown=185:0 dashboard-api/target/quarkus-app/quarkus/ /deployments/quarkus/

ENV HOME=/home/runwarden \
    JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=25.0 -XX:+ExitOnOutOfMemoryError -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dquarkus.http.host=0.0.0.0" \
    JAVA_OPTS_APPEND=""

EXPOSE 8080
USER 185

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://localhost:8080/q/health/live || exit 1

ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"]
