# summary: try a trained model: greedy completion of --prompt, or exact match on --dataset examples
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  echo "usage: ./runwarden generate [--model DIR] [--prompt TEXT | --dataset FILE|sample --limit N] [--max-tokens 32]"
  echo "DIR is a model directory: a pretrained base or a run's final/ (default .runwarden/base/demo)."
  exit 0
fi
cp="$(module_classpath trainer-engine)"
exec "$(java_bin)" -Xmx1g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.runwarden.engine.cli.GenerateMain "$@"
