# summary: benchmark the analyzer's per-sweep state (JSON size, serde time, evals/s) for growing sweeps
cp="$(quarkus_classpath stream-analyzer)"
exec "$(java_bin)" -Xmx512m -cp "$cp" io.runwarden.analyzer.sweep.SweepStateBenchmark "$@"
