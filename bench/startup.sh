#!/usr/bin/env bash
# Start-up time (process start -> first 200 from the webhook of an already saved, active workflow)
# and idle RSS (VmRSS from /proc/<pid>/status, IDLE seconds after that first answer), for several
# JVM flag sets, REPS starts each.
#   bench/startup.sh                  # all flag sets below
#   REPS=3 IDLE=10 bench/startup.sh
source "$(dirname "$0")/lib.sh"
REPS=${REPS:-5}
IDLE=${IDLE:-10}
LOAD=${LOAD:-10s}
PORT=${PORT:-18082}
OUT=${OUT:-/tmp/webops-bench-startup}
BASE=http://localhost:$PORT
FLAGSETS=(
  ""
  "-XX:+UseSerialGC"
  "-XX:+UseSerialGC -Xss512k -XX:MaxRAM=1g"
  "-XX:+UseSerialGC -Xss512k -Xms32m -Xmx256m -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m"
  "-XX:+UseSerialGC -Xss512k -Xmx256m -XX:TieredStopAtLevel=1"
)
if [[ -n ${ONLY:-} ]]; then FLAGSETS=("$ONLY"); fi
build
rm -rf "$OUT" && mkdir -p "$OUT"
machine

# 1. A data folder with one saved, active webhook workflow (the webhook benchmark's).
WEBOPS_PORT=$PORT WEBOPS_DATA=$OUT/data java -jar "$JAR" serve >"$OUT/prepare.log" 2>&1 &
pid=$!
wait_http "$BASE/observe/health" 90
ID=$(create_active "$BASE" bench/webhook-workflow.json)
kill $pid; wait $pid 2>/dev/null || true
echo "data folder $OUT/data with active workflow $ID"

rss() { awk '/VmRSS/{printf "%.0f", $2/1024}' /proc/$1/status; }

printf '%-100s | %s\n' "flags" "per start: ms to first webhook 200 / idle RSS MB; after ${LOAD} of wrk -c16: req/s, RSS MB"
for flags in "${FLAGSETS[@]}"; do
  results=(); firsts=(); idles=()
  for ((r = 1; r <= REPS; r++)); do
    log=$OUT/start-$r.log
    t0=$(date +%s%N)
    WEBOPS_PORT=$PORT WEBOPS_DATA=$OUT/data java $flags -jar "$JAR" serve >"$log" 2>&1 &
    pid=$!
    until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -XPOST "$BASE/webhooks/bench/generated" \
                -H 'content-type: application/json' --data-binary @bench/order-big.json) == 200 ]]; do
      kill -0 $pid 2>/dev/null || { echo "server died, see $log" >&2; exit 1; }
      sleep 0.02
    done
    t1=$(date +%s%N)
    first=$(( (t1 - t0) / 1000000 ))
    sleep "$IDLE"
    idle=$(rss $pid)
    extra=""
    if ((r == 1)); then
      rps=$(wrk -t2 -c16 -d"$LOAD" -s bench/post.lua "$BASE/webhooks/bench/generated" | awk '/Requests\/sec/{print $2}')
      extra=" | load: $rps req/s, RSS $(rss $pid) MB"
    fi
    results+=("${first}ms/${idle}MB${extra}")
    firsts+=("$first"); idles+=("$idle")
    kill $pid; wait $pid 2>/dev/null || true
  done
  med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
  printf '%-100s | median %s ms, %s MB | %s\n' "${flags:-(defaults)}" "$(med "${firsts[@]}")" "$(med "${idles[@]}")" "${results[*]}"
done
