#!/usr/bin/env bash
# Memory under a long load: the server started by bin/webops (its default memory settings) or, with PLAIN=1, by a
# bare `java -jar` (the JVM's defaults: a quarter of the RAM as heap), takes the bench workflow's webhooks for MINUTES
# minutes (wrk -t2 -c$CONNS, DELAY_MS per connection between requests to stay below the maximum rate); RSS and the
# heap in use are printed every minute, with the minute's 2xx rate and errors.
#   bench/memory.sh                 # MINUTES=10 CONNS=8 DELAY_MS=1
source "$(dirname "$0")/lib.sh"
MINUTES=${MINUTES:-10}; CONNS=${CONNS:-8}; PORT=${PORT:-18095}; BASE=http://localhost:$PORT
export DELAY_MS=${DELAY_MS:-1}
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
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
wait_http "$BASE/observe/health" 90
create_active "$BASE" bench/webhook-workflow.json >/dev/null
echo "minute | 2xx req/s | non-2xx | RSS MB | heap used MB (after the minute)"
for ((m = 1; m <= MINUTES; m++)); do
  wrk -t2 -c"$CONNS" -d60s -s bench/post.lua "$BASE/webhooks/bench/generated" >"$OUT/minute-$m.txt" 2>&1
  read -r ok bad <<<"$(wrk_2xx "$OUT/minute-$m.txt")"
  rate="$ok | $bad"
  rss=$(awk '/VmRSS/{print int($2 / 1024)}' /proc/$SERVER/status)
  heap=$(jcmd $SERVER GC.heap_info 2>/dev/null | awk '/used/{for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?/, "", v); print int(v / 1024); exit}}')
  echo "$m | $rate | $rss | $heap"
done
grep -c -E "ERROR|OutOfMemory" "$OUT/server.log" | sed 's/^/errors in server log: /'
