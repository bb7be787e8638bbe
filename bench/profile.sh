#!/usr/bin/env bash
# CPU profile of the generated webhook route under load: JFR (settings=profile) for RECORD seconds
# of wrk -t2 -c16 against /webhooks/bench/$TARGET after a warm-up, then the top hot spots. TARGET=java
# profiles the Java floor (bench/webhook.sh) in the same kind of server; stacks are recorded 256 frames deep
# (JFR's default 64 cuts Camel's reactive stacks short, which hides callers from the inclusive counts).
#   bench/profile.sh            # RECORD=30 WARMUP=20s TARGET=generated
source "$(dirname "$0")/lib.sh"
RECORD=${RECORD:-30}
WARMUP=${WARMUP:-20s}
PORT=${PORT:-18083}
OUT=${OUT:-/tmp/webops-bench-profile}
TARGET=${TARGET:-generated}
JAVA_OPTS=${JAVA_OPTS:-}
BASE=http://localhost:$PORT
build
rm -rf "$OUT" && mkdir -p "$OUT"
machine
WEBOPS_PORT=$PORT WEBOPS_DATA=$OUT/data CAMEL_MAIN_ROUTESBUILDERCLASSES=io.webops.bench.JavaFloorRoute \
  java -XX:FlightRecorderOptions:stackdepth=256 $JAVA_OPTS -cp "$JAR:target/test-classes" io.webops.cli.Main serve >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
wait_http "$BASE/observe/health" 90
ID=$(create_active "$BASE" bench/webhook-workflow.json)
wrk -t2 -c16 -d"$WARMUP" -s bench/post.lua "$BASE/webhooks/bench/$TARGET" >/dev/null
# CPU samples only (bench/cpu.jfc), started after the warm-up.
jcmd $SERVER JFR.start name=bench settings="$ROOT/bench/cpu.jfc" duration=${RECORD}s filename="$OUT/generated.jfr" >/dev/null
wrk -t2 -c16 -d"$((RECORD + 2))s" --latency -s bench/post.lua "$BASE/webhooks/bench/$TARGET" | tee "$OUT/wrk.txt" | grep -E 'Requests/sec|Non-2xx|Socket'
for i in $(seq 50); do [[ -s $OUT/generated.jfr ]] && break; sleep 0.2; done
sleep 1
jfr print --json --events jdk.ExecutionSample "$OUT/generated.jfr" >"$OUT/samples.json"
python3 bench/jfr_top.py "$OUT/samples.json" 10 | tee "$OUT/top.txt"
