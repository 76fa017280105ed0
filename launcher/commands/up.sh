# summary: run the platform locally (Kafka, analyzer, dashboard, a demo fleet of agents) with a live summary
for arg in "$@"; do
  if [[ "$arg" == "-h" || "$arg" == "--help" ]]; then
    exec "$(java_bin)" -cp "$(module_classpath local-stack)" io.runwarden.stack.LocalStackMain --help
  fi
done
for module in stream-analyzer dashboard-api trainer-agent; do
  if is_stale "$module" target/quarkus-app/quarkus-run.jar; then
    echo "runwarden: building the platform (the first time takes a few minutes)..." >&2
    (cd "$RUNWARDEN_HOME" && ./mvnw -B -q install -DskipTests) >&2
    for built in stream-analyzer dashboard-api trainer-agent; do
      touch "$RUNWARDEN_HOME/$built/target/quarkus-app/quarkus-run.jar"
    done
    break
  fi
done
cp="$(module_classpath local-stack)"
exec "$(java_bin)" -Xmx512m -Drunwarden.home="$RUNWARDEN_HOME" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.runwarden.stack.LocalStackMain "$@"
