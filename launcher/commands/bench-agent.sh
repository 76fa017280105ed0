# summary: benchmark the trainer agent: step time and samples/s of real DJL training, telemetry on vs off
# Runs io.runwarden.agent.bench.AgentBenchmark (test sources of trainer-agent) with an in-process Kafka broker.
# Options: --steps N (per measured run, default 40), --rounds N (default 2), --bootstrap H:P (external broker).
case "${1:-}" in
  -h|--help) sed -n '1,3p' "${BASH_SOURCE[0]}" | sed 's/^# //'; exit 0 ;;
esac
bench_dir="$RUNWARDEN_HOME/trainer-agent/target"
if [[ ! -s "$bench_dir/bench-classpath.txt" || ! -d "$bench_dir/test-classes/io/runwarden/agent/bench" ]]; then
  echo "runwarden: compiling trainer-agent and its test classes (first run only)..." >&2
  (cd "$RUNWARDEN_HOME" && ./mvnw -B -q -pl trainer-agent -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test) >&2
fi
cp="$bench_dir/test-classes:$bench_dir/classes:$(cat "$bench_dir/bench-classpath.txt")"
exec "$(java_bin)" -Xmx3g -Dai.djl.offline=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dorg.jboss.logging.provider=jboss -cp "$cp" io.runwarden.agent.bench.AgentBenchmark "$@"
