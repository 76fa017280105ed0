# summary: backtest a stop policy offline: replay recorded runwarden.metrics JSON lines through the analyzer
cp="$(quarkus_classpath stream-analyzer)"
exec "$(java_bin)" -Xmx512m -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dorg.jboss.logmanager.nocolor=true -cp "$cp" io.runwarden.analyzer.replay.ReplayMain "$@"
