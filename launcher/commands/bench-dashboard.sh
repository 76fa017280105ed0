# summary: measure dashboard update latency (produced -> SSE event) with 100 SSE clients and 1,000 runs updating
# Options: --runs 1000 --clients 100 --all-clients 10 --rate 2000 (steps/s) --seconds 20 --warmup 5
module="$RUNWARDEN_HOME/dashboard-api"
if [[ ! -f "$module/target/quarkus-app/quarkus-run.jar" || ! -s "$module/target/bench-classpath.txt" \
      || ! -d "$module/target/test-classes/io/runwarden/dashboard/bench" ]]; then
  echo "runwarden: building dashboard-api and its benchmark (first run only)..." >&2
  (cd "$RUNWARDEN_HOME" && ./mvnw -B -q -pl dashboard-api -am package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test) >&2
fi
cd "$RUNWARDEN_HOME"
exec timeout 600 "$(java_bin)" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench-classpath.txt")" \
  io.runwarden.dashboard.bench.DashboardBench --app "$module/target/quarkus-app/quarkus-run.jar" "$@"
