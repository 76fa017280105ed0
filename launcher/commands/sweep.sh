# summary: expand a hyperparameter sweep spec and submit its members to the agent pool (see --help)
cp="$(module_classpath local-stack)"
# This checkout's build of the protocol goes first, so a stale snapshot in ~/.m2 cannot hide the sweep classes.
protocol_jar="$RUNWARDEN_HOME/run-protocol/target/run-protocol-0.1.0-SNAPSHOT.jar"
if [[ -f "$protocol_jar" ]]; then
  cp="$protocol_jar:$cp"
fi
# shellcheck disable=SC2086
exec "$(java_bin)" -Xmx256m ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.runwarden.stack.sweep.SweepCommand "$@"
