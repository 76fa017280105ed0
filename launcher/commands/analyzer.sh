# summary: run the stream analyzer (Kafka Streams detectors; HTTP 8082, health at /q/health)
app="$RUNWARDEN_HOME/stream-analyzer/target/quarkus-app/quarkus-run.jar"
ensure_built stream-analyzer target/quarkus-app/quarkus-run.jar
case "${1:-}" in
  -h|--help)
    echo "usage: runwarden analyzer [-Dkey=value ...]   e.g. -Drunwarden.analyzer.policy-file=policy.json"
    echo "Kafka: KAFKA_BOOTSTRAP_SERVERS (default localhost:9092). See README, section stream-analyzer."
    exit 0 ;;
esac
exec "$(java_bin)" "$@" -jar "$app"
