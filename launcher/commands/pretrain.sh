# summary: pretrain a small base model on a generated corpus (default: demo preset into .runwarden/base/demo)
# Options: --out DIR  --steps N (600)  --preset demo|small|gpu  --lr LR (3e-3)  --seed S  --every N
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  echo "usage: ./runwarden pretrain [--out DIR] [--steps N] [--preset demo|small|gpu] [--lr LR] [--seed S]"
  echo "Pretrains a GPT from random weights on a generated corpus and saves a base model directory"
  echo "(model.json + weights.bin) for fine-tuning runs (\"model\": DIR). Default DIR: .runwarden/base/<preset>."
  exit 0
fi
args=("$@")
if [[ " $* " != *" --out "* ]]; then
  preset=demo
  for ((i = 0; i < $#; i++)); do [[ "${args[$i]}" == "--preset" ]] && preset="${args[$((i + 1))]}"; done
  args+=(--out "$RUNWARDEN_HOME/.runwarden/base/$preset")
fi
cp="$(module_classpath trainer-engine)"
exec "$(java_bin)" -Xmx1g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.runwarden.engine.cli.PretrainMain "${args[@]}"
