# Shared helpers of the launcher's commands. Sourced, never run.

# True when a module's build output is missing or older than its sources (or the protocol's).
is_stale() {
  local module="$1" marker="$RUNWARDEN_HOME/$1/$2"
  [[ ! -e "$marker" ]] && return 0
  [[ -n "$(find "$RUNWARDEN_HOME/$module/src" "$RUNWARDEN_HOME/$module/pom.xml" "$RUNWARDEN_HOME/run-protocol/src" \
    "$RUNWARDEN_HOME/pom.xml" -newer "$marker" -print -quit 2>/dev/null)" ]]
}

# Builds a module (and what it needs) when its output is missing or stale.
ensure_built() {
  local module="$1" marker="$2"
  if is_stale "$module" "$marker"; then
    echo "runwarden: building $module..." >&2
    (cd "$RUNWARDEN_HOME" && ./mvnw -B -q -pl "$module" -am install -DskipTests) >&2
    touch "$RUNWARDEN_HOME/$module/$marker"  # an up-to-date jar is not rewritten; mark it fresh
  fi
}

# Prints the runtime classpath of a plain (non-Quarkus) module, computing it once.
module_classpath() {
  local module="$1" dir="$RUNWARDEN_HOME/$1/target"
  ensure_built "$module" "target/$module-0.1.0-SNAPSHOT.jar"
  if [[ ! -s "$dir/classpath.txt" || "$RUNWARDEN_HOME/$module/pom.xml" -nt "$dir/classpath.txt" ]]; then
    (cd "$RUNWARDEN_HOME" && ./mvnw -B -q -pl "$module" dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime -DexcludeScope=provided) >&2
  fi
  echo "$dir/$module-0.1.0-SNAPSHOT.jar:$(cat "$dir/classpath.txt")"
}

# Prints the classpath of a Quarkus module's fast-jar, for running a plain main class from it.
quarkus_classpath() {
  local module="$1" app="$RUNWARDEN_HOME/$1/target/quarkus-app"
  ensure_built "$module" "target/quarkus-app/quarkus-run.jar"
  echo "$app/app/*:$app/lib/main/*:$app/lib/boot/*"
}

java_bin() {
  if [[ -n "${JAVA_HOME:-}" ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}
