# summary: regenerate the sample instruction set (or, with --corpus, a pretraining corpus)
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  echo "usage: ./runwarden sample-data [--out FILE] [--count N] [--seed S] [--corpus]"
  echo "Without options it rewrites trainer-engine/src/main/resources/io/runwarden/engine/sample-instructions.jsonl"
  echo "byte for byte (4000 examples, seed 20261122)."
  exit 0
fi
cp="$(module_classpath trainer-engine)"
cd "$RUNWARDEN_HOME"
exec "$(java_bin)" -cp "$cp" io.runwarden.engine.cli.GenerateSampleData "$@"
