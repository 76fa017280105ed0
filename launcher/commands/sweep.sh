# summary: expand a hyperparameter sweep spec and submit its members to the agent pool (see --help)
cp="$(module_classpath local-stack)"
# shellcheck disable=SC2086
exec "$(java_bin)" -Xmx256m ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.runwarden.stack.sweep.SweepCommand "$@"
