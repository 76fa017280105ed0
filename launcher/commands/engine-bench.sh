# summary: measure the training engine's step time for a model preset (full fine-tuning and LoRA)
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  echo "usage: ./runwarden engine-bench [--preset demo|small|gpu] [--batch 8] [--steps 30] [--device auto|cpu|gpu]"
  echo "PyTorch threads: RUNWARDEN_TORCH_THREADS (default 1)."
  exit 0
fi
cp="$(module_classpath trainer-engine)"
exec "$(java_bin)" -Xmx1g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.runwarden.engine.cli.EngineBench "$@"
