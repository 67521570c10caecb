#!/usr/bin/env bash
# Builds the Neo4j 5 test server (TestServer.java + pom.xml beside this file) with Maven: Neo4j
# community (org.neo4j.test:neo4j-harness, which pulls in org.neo4j:neo4j and its Bolt connector) comes
# from Maven Central into ${LEDGERHOUND_CACHE:-$HOME/.cache/ledgerhound}/neo4j/m2, the compiled jar and
# the runtime classpath go to .../neo4j/build. Idempotent: a no-op when the stamp matches the inputs.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${LEDGERHOUND_CACHE:-$HOME/.cache/ledgerhound}/neo4j"
BUILD="$CACHE/build"
STAMP="$BUILD/inputs.sha256"
mkdir -p "$CACHE/m2" "$BUILD"

want="$(cat "$HERE/pom.xml" "$HERE"/src/main/java/dev/ledgerhound/neo4j/*.java | sha256sum | cut -d' ' -f1)"
if [ -f "$BUILD/classpath.txt" ] && [ -f "$BUILD/neo4j-test-server.jar" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
  echo "neo4j test server cached at $BUILD"
  exit 0
fi

if ! command -v mvn >/dev/null || ! command -v java >/dev/null; then
  echo "installing Java 17 and Maven (Debian packages)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven >/dev/null
fi

echo "building the neo4j test server with Maven (first run downloads ~170 MB of jars)"
mvn -B -q -f "$HERE/pom.xml" \
  -Dmaven.repo.local="$CACHE/m2" \
  -Dlh.build.dir="$BUILD/target" \
  package dependency:build-classpath -Dmdep.outputFile="$BUILD/classpath.txt"
cp "$BUILD/target/neo4j-test-server-1.0.0.jar" "$BUILD/neo4j-test-server.jar"
echo "$want" > "$STAMP"
echo "neo4j test server built at $BUILD"
