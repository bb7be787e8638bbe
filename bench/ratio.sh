#!/usr/bin/env bash
# Quick paired rounds: the generated bench workflow against the Java floor in one server, ROUNDS pairs of DUR each
# after a warm-up of WARM each, wrk -t2 -c32, 2xx only. Prints each round's req/s, the server's CPU time per request
# (from /proc, so wrk's own CPU is not in it) and the median ratios. Made for A/B runs of two builds one after the
# other: run it in each checkout (it uses the checkout's own jar and test classes).
#   bench/ratio.sh                      # ROUNDS=7 DUR=6s WARM=20s
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-7}; DUR=${DUR:-6s}; WARM=${WARM:-20s}; PORT=${PORT:-18091}; BASE=http://localhost:$PORT
OUT=${OUT:-/tmp/webops-bench-ratio}
build
rm -rf "$OUT" && mkdir -p "$OUT"
machine
WEBOPS_PORT=$PORT WEBOPS_DATA=$OUT/data CAMEL_MAIN_ROUTESBUILDERCLASSES=io.webops.bench.JavaFloorRoute \
  java ${JAVA_OPTS:-} -cp "$JAR:target/test-classes" io.webops.cli.Main serve >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
wait_http "$BASE/observe/health" 90
create_active "$BASE" bench/webhook-workflow.json >/dev/null
cpu() { awk '{print $14 + $15}' /proc/$SERVER/stat; } # user + system clock ticks (1/100 s)
rps() { # target duration -> 2xx per second
  wrk -t2 -c32 -d"$2" -s bench/post.lua "$BASE/webhooks/bench/$1" >"$OUT/wrk.txt"
  read -r rate _ <<<"$(wrk_2xx "$OUT/wrk.txt")"
  echo "$rate"
}
rps java "$WARM" >/dev/null; rps generated "$WARM" >/dev/null
ratios=(); cpus=()
for ((i = 1; i <= ROUNDS; i++)); do
  c0=$(cpu); j=$(rps java "$DUR"); c1=$(cpu); g=$(rps generated "$DUR"); c2=$(cpu)
  line=$(python3 -c "
d = float('${DUR%s}'); j, g = $j, $g
cj = ($c1 - $c0) * 10000 / (j * d); cg = ($c2 - $c1) * 10000 / (g * d)
print('%.3f %.3f round $i: java %d generated %d req/s, ratio %.3f; CPU per request java %.1f us, generated %.1f us, ratio %.3f'
      % (g / j, cj / cg, j, g, g / j, cj, cg, cj / cg))")
  read -r r c text <<<"$line"
  ratios+=("$r"); cpus+=("$c"); echo "$text"
done
python3 -c "
import statistics, sys
n = int(sys.argv[1]); v = [float(x) for x in sys.argv[2:]]
print('median generated/Java floor: throughput %.3f, CPU per request %.3f' % (statistics.median(v[:n]), statistics.median(v[n:])))
" "$ROUNDS" "${ratios[@]}" "${cpus[@]}"
