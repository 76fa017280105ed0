# summary: run a trainer agent: one job (--spec FILE) or a pool agent taking run requests (--pool)
usage_agent() {
  cat <<'USAGE'
usage: ./runwarden agent [--spec FILE] [--run-id ID] [--policy FILE] [--sweep-id ID] [--pool]
                         [--bootstrap HOST:PORT] [--id AGENT_ID] [--work-dir DIR]

  --spec FILE        job mode: train this RunSpec JSON, then exit (0 completed or stopped, 1 failed, 2 invalid)
  --run-id ID        job mode: the run's id (default: <spec file name>-<epoch seconds>)
  --policy FILE      stop policy JSON published with run-started
  --sweep-id ID      the sweep the run belongs to
  --pool             pool mode: take runs from runwarden.run-requests until Ctrl-C
  --bootstrap H:P    Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or localhost:9092)
  --id AGENT_ID      this agent's id (default: host name)
  --work-dir DIR     checkpoints and final models (default: .runwarden/runs)

Every runwarden.agent.* and kafka.* key can also be given as -Dkey=value in JAVA_OPTS or as an environment
variable (RUNWARDEN_AGENT_HEARTBEAT_INTERVAL=2s). See the README's trainer-agent section.
USAGE
}
agent_jvm=(-Dai.djl.offline=true)
agent_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage_agent; exit 0 ;;
    --bootstrap) agent_jvm+=("-Dkafka.bootstrap.servers=$2"); shift 2 ;;
    --id) agent_jvm+=("-Drunwarden.agent.id=$2"); shift 2 ;;
    --work-dir) agent_jvm+=("-Drunwarden.agent.work-dir=$2"); shift 2 ;;
    --spec|--run-id|--policy|--sweep-id) agent_args+=("$1" "$2"); shift 2 ;;
    --pool|--job) agent_args+=("$1"); shift ;;
    *) echo "runwarden agent: unknown option '$1'" >&2; usage_agent >&2; exit 2 ;;
  esac
done
ensure_built trainer-agent target/quarkus-app/quarkus-run.jar
# shellcheck disable=SC2086
exec "$(java_bin)" ${JAVA_OPTS:-} "${agent_jvm[@]}" -jar "$RUNWARDEN_HOME/trainer-agent/target/quarkus-app/quarkus-run.jar" \
  "${agent_args[@]}"
