# summary: train one run standalone (no Kafka), printing progress: --spec FILE [--run-id ID] [--resume]
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  echo "usage: ./runwarden train [--spec FILE] [--run-id ID] [--work-dir DIR] [--resume] [--every N]"
  echo "Trains the run spec in FILE (JSON, see docs/protocol.md#run-spec) on this machine without Kafka,"
  echo "printing a progress line every N steps (default 10). Checkpoints and the final model go to"
  echo "DIR (default .runwarden/runs/<run id>); --resume continues from its newest checkpoint."
  echo "PyTorch threads: RUNWARDEN_TORCH_THREADS (default 1)."
  exit 0
fi
cp="$(module_classpath trainer-engine)"
exec "$(java_bin)" -Xmx1g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.runwarden.engine.cli.TrainMain "$@"
