# summary: run the platform locally on its embedded defaults (Kafka, analyzer, dashboard, a demo fleet)
# The services join this command as they land; today it runs the embedded Kafka broker with the topics.
exec "$RUNWARDEN_HOME/runwarden" kafka "$@"
