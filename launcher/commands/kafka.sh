# summary: start a local Kafka broker (KRaft) with the protocol's topics, until Ctrl-C
cp="$(module_classpath local-kafka)"
exec "$(java_bin)" -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$cp" io.runwarden.localkafka.LocalKafkaMain "$@"
