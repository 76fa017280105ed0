# summary: backtest a stop policy offline: replay recorded runwarden.metrics JSON lines through the analyzer
app="$RUNWARDEN_HOME/stream-analyzer/target/quarkus-app"
ensure_built stream-analyzer target/quarkus-app/quarkus-run.jar
# Outside Quarkus the slf4j->JBoss LogManager binding reports TRACE as enabled (slow): leave it out (no-op logs).
cp="$(ls "$app"/app/*.jar "$app"/lib/main/*.jar "$app"/lib/boot/*.jar | grep -v 'slf4j-jboss-logmanager' | paste -sd: -)"
exec "$(java_bin)" -Xmx512m -cp "$cp" io.runwarden.analyzer.replay.ReplayMain "$@" 2> >(grep -v '^SLF4J' >&2)
