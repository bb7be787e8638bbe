#!/usr/bin/env bash
# The long load run: the server started by bin/webops (its default memory settings) or, with PLAIN=1, by a bare
# `java -jar` (the JVM's defaults: a quarter of the RAM as heap) takes the bench workflow's webhooks for MINUTES
# minutes at SHARE (0.7) of the maximum 2xx rate measured first (wrk -t2 -c32, 20 s after a 15 s warm-up). The rate is
# held by pacing each of CONNS connections (DELAY_MS between requests, recomputed after every minute from the rate it
# gave). Printed every minute: the 2xx rate, non-2xx answers, RSS and the heap in use. At the end: every 2xx answer
# must have its execution (the workflow's execution count; wrk does not count the answers in flight as a minute ends,
# so the executions may exceed the answers by up to CONNS a minute) and the server log must hold no error.
#   MINUTES=10 bench/memory.sh
source "$(dirname "$0")/lib.sh"
MINUTES=${MINUTES:-10}; CONNS=${CONNS:-64}; SHARE=${SHARE:-0.7}; PORT=${PORT:-18095}; BASE=http://localhost:$PORT
OUT=${OUT:-/tmp/webops-bench-memory}
build
rm -rf "$OUT" && mkdir -p "$OUT"
machine
if [[ ${PLAIN:-0} == 1 ]]; then
  WEBOPS_PORT=$PORT WEBOPS_DATA=$OUT/data java -jar "$JAR" serve >"$OUT/server.log" 2>&1 &
else
  WEBOPS_PORT=$PORT WEBOPS_DATA=$OUT/data bin/webops serve >"$OUT/server.log" 2>&1 &
fi
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
wait_http "$BASE/observe/health" 90
WF=$(create_active "$BASE" bench/webhook-workflow.json)
URL="$BASE/webhooks/bench/generated"

executions() {
  curl -sf -H "$AUTH" "$BASE/api/workflows/$WF" | python3 -c 'import sys,json;print(json.load(sys.stdin)["total_executions"])'
}

wrk -t2 -c32 -d15s -s bench/post.lua "$URL" >"$OUT/warm-up.txt" 2>&1
wrk -t2 -c32 -d20s -s bench/post.lua "$URL" >"$OUT/maximum.txt" 2>&1
read -r max bad <<<"$(wrk_2xx "$OUT/maximum.txt")"
target=$(python3 -c "print(round($max * $SHARE))")
# closed loop: rate = CONNS * 1000 / (delay + latency); the latency at the maximum rate is CONNS * 1000 / max
delay=$(python3 -c "print(max(1, round($CONNS * 1000 * (1 / $target - 1 / $max))))")
echo "maximum: $max 2xx req/s (non-2xx: $bad); target $SHARE of it: $target req/s over $CONNS connections"
sleep 5
before=$(executions)
answered=0; errors=0
echo "minute | 2xx req/s | non-2xx | delay ms | RSS MB | heap used MB (after the minute)"
for ((m = 1; m <= MINUTES; m++)); do
  DELAY_MS=$delay wrk -t2 -c"$CONNS" -d60s -s bench/post.lua "$URL" >"$OUT/minute-$m.txt" 2>&1
  read -r ok bad <<<"$(wrk_2xx "$OUT/minute-$m.txt")"
  answered=$((answered + $(python3 - "$OUT/minute-$m.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
n = int(re.search(r"(\d+) requests in", t).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
print(n - (int(bad.group(1)) if bad else 0))
PY
)))
  errors=$((errors + bad))
  rss=$(awk '/VmRSS/{print int($2 / 1024)}' /proc/$SERVER/status)
  heap=$(jcmd $SERVER GC.heap_info 2>/dev/null | awk '/used/{for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?/, "", v); print int(v / 1024); exit}}')
  echo "$m | $ok | $bad | $delay | $rss | $heap"
  delay=$(python3 -c "l = $CONNS * 1000 / max($ok, 1) - $delay; print(max(1, round($CONNS * 1000 / $target - l)))")
done
sleep 5
ran=$(( $(executions) - before ))
echo "2xx answers: $answered; executions: $ran (in flight at the minutes' ends: up to $((CONNS * MINUTES))); non-2xx: $errors"
grep -c -E "ERROR|OutOfMemory" "$OUT/server.log" | sed 's/^/errors in server log: /' || true
kill $SERVER; wait $SERVER 2>/dev/null || true
rows=$(java -cp "$JAR" org.h2.tools.Shell -url "jdbc:h2:file:$OUT/data/webops" -user sa \
       -sql "SELECT COUNT(*) FROM executions" 2>/dev/null | sed -n 2p)
echo "history rows at the end: $rows (kept: ${WEBOPS_HISTORY_MAX_PER_WORKFLOW:-10000} per workflow, pruned every 60 s)"
if (( errors > 0 || ran < answered || ran > answered + CONNS * MINUTES )); then
  echo "FAILED: an error, or an answer without its execution"; exit 1
fi
