# summary: benchmark the analyzer on an in-process broker: msg/s vs a plain consumer, NaN->command latency p50/p99
cd "$RUNWARDEN_HOME"
cpfile="stream-analyzer/target/bench-classpath.txt"
if [[ ! -s "$cpfile" || ! -e stream-analyzer/target/test-classes/io/runwarden/analyzer/bench/AnalyzerBenchmark.class ]]; then
  echo "runwarden: compiling stream-analyzer and its tests (first run only)..." >&2
  ./mvnw -B -q -pl stream-analyzer -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
fi
# Outside Quarkus the slf4j->JBoss LogManager binding reports every level (even TRACE) as enabled, which would
# make Kafka format trace logs on every record: leave it out, so slf4j falls back to its no-op logger.
deps="$(tr ':' '\n' < "$cpfile" | grep -v 'slf4j-jboss-logmanager' | paste -sd: -)"
exec "$(java_bin)" -Xmx1g -cp "stream-analyzer/target/test-classes:stream-analyzer/target/classes:$deps" \
  io.runwarden.analyzer.bench.AnalyzerBenchmark "$@" 2> >(grep -v '^SLF4J' >&2)
