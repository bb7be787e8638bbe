#!/usr/bin/env bash
# Validate + translate + deploy time of generated graphs (10, 100, 1,000 nodes), in-process.
#   bench/deploy.sh [sizes] [warmup] [reps]      e.g. bench/deploy.sh 10,100,1000 5 10
# The generated graphs are written to /tmp/webops-bench-graphs/graph-<n>.json.
source "$(dirname "$0")/lib.sh"
SIZES=${1:-10,100,1000}
WARMUP=${2:-5}
REPS=${3:-10}
JAVA_OPTS=${JAVA_OPTS:-}
build
CP=target/bench-cp.txt
[[ -f $CP && $CP -nt pom.xml ]] || mvn -q -o dependency:build-classpath -Dmdep.outputFile="$CP" >/dev/null
machine
echo "sizes $SIZES, $WARMUP warm-up + $REPS measured repetitions each"
java $JAVA_OPTS -cp "target/classes:target/test-classes:$(cat "$CP")" io.webops.bench.DeployBench "$SIZES" "$WARMUP" "$REPS" \
  2> >(grep -v -e 'x-template' -e '^\[main\] INFO' >&2)
