# summary: run the dashboard (REST, SSE, web UI on http://localhost:8080) against KAFKA_BOOTSTRAP_SERVERS
# Options are passed to the JVM, e.g. -Dquarkus.http.port=9090 -Drunwarden.dashboard.auth.tokens=...
app="$RUNWARDEN_HOME/dashboard-api/target/quarkus-app/quarkus-run.jar"
if [[ ! -f "$app" ]]; then
  echo "runwarden: building dashboard-api (first run only)..." >&2
  (cd "$RUNWARDEN_HOME" && ./mvnw -B -q -pl dashboard-api -am package -DskipTests) >&2
fi
exec "$(java_bin)" "$@" -jar "$app"
