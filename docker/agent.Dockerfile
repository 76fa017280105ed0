# Runwarden trainer agent, CPU image: DJL + PyTorch 2.7.1 CPU native library (bundled from Maven, linux-x86_64).
#
# Build from the repository root (the build context), after the Maven build:
#   ./mvnw -B package -DskipTests -pl trainer-agent -am
#   docker build -f docker/agent.Dockerfile -t runwarden/trainer-agent:latest .
# The GPU image is docker/agent-gpu.Dockerfile (built from a -Pcuda build).
#
# Kubernetes probes: liveness GET /q/health/live, readiness GET /q/health/ready (port 8083).
FROM eclipse-temurin:17-jre-jammy

# curl for the HEALTHCHECK; a numeric non-root user (185) with group 0. The work dir (checkpoints, final
# models) and the DJL cache (where the PyTorch native library is extracted) must be writable by it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 185 --gid 0 --home-dir /home/runwarden --create-home --shell /usr/sbin/nologin runwarden \
 && mkdir -p /deployments /var/lib/runwarden/runs /var/cache/runwarden/djl \
 && chown -R 185:0 /deployments /var/lib/runwarden /var/cache/runwarden \
 && chmod -R g+rwX /deployments /var/lib/runwarden /var/cache/runwarden

WORKDIR /deployments
# The fast-jar layout, copied in four layers as Quarkus' Dockerfile.jvm does (dependencies change least).
COPY --chown=185:0 trainer-agent/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185:0 trainer-agent/target/quarkus-app/*.jar /deployments/
COPY --chown=185:0 trainer-agent/target/quarkus-app/app/ /deployments/app/
COPY --chown=185:0 trainer-agent/target/quarkus-app/quarkus/ /deployments/quarkus/

# ai.djl.offline: never download anything at run time (the native library comes from the jar).
# DJL_CACHE_DIR / ENGINE_CACHE_DIR: where DJL extracts the native library (an emptyDir in Kubernetes).
ENV RUNWARDEN_AGENT_WORK_DIR=/var/lib/runwarden/runs \
    DJL_CACHE_DIR=/var/cache/runwarden/djl \
    ENGINE_CACHE_DIR=/var/cache/runwarden/djl \
    HOME=/home/runwarden \
    JAVA_OPTS="-XX:MaxRAMPercentage=60.0 -XX:InitialRAMPercentage=20.0 -XX:+ExitOnOutOfMemoryError -Dai.djl.offline=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dquarkus.http.host=0.0.0.0" \
    JAVA_OPTS_APPEND=""

EXPOSE 8083
USER 185

HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD curl -fsS http://localhost:8083/q/health/live || exit 1

ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"]
