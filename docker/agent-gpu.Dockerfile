# Runwarden trainer agent, GPU image: DJL + PyTorch CUDA native library on the CUDA 12.4 runtime.
#
# Build from the repository root (the build context), after a CUDA build of the agent — the `cuda` profile of
# trainer-engine swaps pytorch-native-cpu for the CUDA native library (pytorch-native-cu124 on the Maven
# Central reachable here, PyTorch 2.5.1):
#   ./mvnw -B package -DskipTests -Pcuda -pl trainer-agent -am
#   docker build -f docker/agent-gpu.Dockerfile -t runwarden/trainer-agent-gpu:latest .
# (A CPU build writes to the same trainer-agent/target/quarkus-app: build and package one image at a time.)
#
# Host requirements: an NVIDIA driver that supports CUDA 12.4, i.e. >= 550.54 (R550+), and the NVIDIA
# Container Toolkit (docker) or the NVIDIA GPU operator / device plugin (Kubernetes).
#
# Kubernetes probes: liveness GET /q/health/live, readiness GET /q/health/ready (port 8083).
FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04

# A headless JRE 17 and curl (HEALTHCHECK); a numeric non-root user (185) with group 0.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 185 --gid 0 --home-dir /home/runwarden --create-home --shell /usr/sbin/nologin runwarden \
 && mkdir -p /deployments /var/lib/runwarden/runs /var/cache/runwarden/djl \
 && chown -R 185:0 /deployments /var/lib/runwarden /var/cache/runwarden \
 && chmod -R g+rwX /deployments /var/lib/runwarden /var/cache/runwarden

WORKDIR /deployments
# The fast-jar layout of the -Pcuda build, copied in four layers as Quarkus' Dockerfile.jvm does.
COPY --chown=185:0 trainer-agent/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=185:0 trainer-agent/target/quarkus-app/*.jar /deployments/
COPY --chown=185:0 trainer-agent/target/quarkus-app/app/ /deployments/app/
COPY --chown=185:0 trainer-agent/target/quarkus-app/quarkus/ /deployments/quarkus/

# ai.djl.offline: never download anything at run time. DJL_CACHE_DIR / ENGINE_CACHE_DIR: where DJL extracts
# the CUDA native library (about 2 GiB; an emptyDir in Kubernetes). NVIDIA_* select what the runtime mounts.
ENV RUNWARDEN_AGENT_WORK_DIR=/var/lib/runwarden/runs \
    DJL_CACHE_DIR=/var/cache/runwarden/djl \
    ENGINE_CACHE_DIR=/var/cache/runwarden/djl \
    HOME=/home/runwarden \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    JAVA_OPTS="-XX:MaxRAMPercentage=60.0 -XX:InitialRAMPercentage=20.0 -XX:+ExitOnOutOfMemoryError -Dai.djl.offline=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Dquarkus.http.host=0.0.0.0" \
    JAVA_OPTS_APPEND=""

EXPOSE 8083
USER 185

HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD curl -fsS http://localhost:8083/q/health/live || exit 1

ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar /deployments/quarkus-run.jar"]
