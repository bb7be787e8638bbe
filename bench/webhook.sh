#!/usr/bin/env bash
# Webhook throughput and latency: the generated workflow (bench/webhook-workflow.json) against the
# floor a Camel expert writes (src/test/java/io/webops/bench/JavaFloorRoute.java: Java RouteBuilder,
# Jackson, choice on a Java predicate) and the hand-written YAML route (bench/handwritten.camel.yaml),
# all served by the same server process, measured one after the other with the same wrk settings,
# the order rotating over ROUNDS rounds.
#
#   bench/webhook.sh                     # defaults below
#   ROUNDS=3 DURATION=20s THREADS=2 CONNS=16 JAVA_OPTS="-XX:+UseSerialGC" bench/webhook.sh
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-15s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-16}
PACED_CONNS=${PACED_CONNS:-8}
FEW_CONNS=${FEW_CONNS:-4}
PORT=${PORT:-18081}
JAVA_OPTS=${JAVA_OPTS:-}
OUT=${OUT:-/tmp/webops-bench-webhook}
BASE=http://localhost:$PORT
build
rm -rf "$OUT" && mkdir -p "$OUT"
machine | tee "$OUT/machine.txt"

# The runtime jar plus target/test-classes (the Java floor and the YAML route's JMESPath processor);
# camel-main honours CAMEL_MAIN_ROUTESINCLUDEPATTERN and CAMEL_MAIN_ROUTESBUILDERCLASSES, so both
# hand-written routes load into the same context.
WEBOPS_PORT=$PORT WEBOPS_DATA=$OUT/data CAMEL_MAIN_ROUTESINCLUDEPATTERN=file:bench/handwritten.camel.yaml \
  CAMEL_MAIN_ROUTESBUILDERCLASSES=io.webops.bench.JavaFloorRoute \
  java $JAVA_OPTS -cp "$JAR:target/test-classes" io.webops.cli.Main serve >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
wait_http "$BASE/observe/health" 90
ID=$(create_active "$BASE" bench/webhook-workflow.json)
echo "workflow $ID active; server pid $SERVER"

# All three answer the same JSON for both branches.
for f in big small; do
  a=$(curl -sf -XPOST "$BASE/webhooks/bench/generated" -H 'content-type: application/json' --data-binary @bench/order-$f.json)
  for other in handwritten java; do
    b=$(curl -sf -XPOST "$BASE/webhooks/bench/$other" -H 'content-type: application/json' --data-binary @bench/order-$f.json)
    [[ $a == "$b" ]] || { echo "answers differ for $f: generated $a vs $other $b" >&2; exit 1; }
  done
  echo "$f -> $a"
done

run() { # name label [wrk args...]
  local name=$1 label=$2; shift 2
  wrk "$@" --latency -s bench/post.lua "$BASE/webhooks/bench/$name" >"$OUT/$label.txt" 2>&1
  python3 - "$OUT/$label.txt" "$label" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
# only 2xx answers count: wrk's Requests/sec includes 429s and 500s
n, secs, unit = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", t).groups()
secs = float(secs) / 1000 if unit == "ms" else float(secs) * 60 if unit == "m" else float(secs)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
rps = (int(n) - (int(bad.group(1)) if bad else 0)) / secs
def pct(p):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s)" % p, t, re.M)
    v = float(m.group(1)); return v / 1000 if m.group(2) == "us" else v * 1000 if m.group(2) == "s" else v
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
errs = re.search(r"Socket errors: (.*)", t)
print("%-28s %9.1f req/s  p50 %7.2f ms  p75 %7.2f  p90 %7.2f  p99 %8.2f ms  non-2xx %s  %s" % (
    sys.argv[2], rps, pct(50), pct(75), pct(90), pct(99), non2xx.group(1) if non2xx else 0,
    ("socket errors: " + errs.group(1)) if errs else ""))
PY
}

echo "== warm-up ($WARMUP each, not reported)"
for name in java handwritten generated; do
  run $name warmup-$name -t"$THREADS" -c"$CONNS" -d"$WARMUP" >/dev/null
done

echo "== throughput: wrk -t$THREADS -c$CONNS -d$DURATION, $ROUNDS rounds, order rotating"
orders=("java handwritten generated" "generated java handwritten" "handwritten generated java")
for ((r = 1; r <= ROUNDS; r++)); do
  for name in ${orders[$(((r - 1) % 3))]}; do
    run "$name" "round$r-$name" -t"$THREADS" -c"$CONNS" -d"$DURATION" | tee -a "$OUT/summary.txt"
  done
done
python3 - "$OUT" "$ROUNDS" <<'PY' | tee -a "$OUT/summary.txt"
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def rps(label):  # 2xx answers per second
    t = open(f"{out}/{label}.txt").read()
    n, secs, unit = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", t).groups()
    secs = float(secs) / 1000 if unit == "ms" else float(secs) * 60 if unit == "m" else float(secs)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    return (int(n) - (int(bad.group(1)) if bad else 0)) / secs
floor, yaml, gens = [], [], []
for r in range(1, rounds + 1):
    j, h, g = rps(f"round{r}-java"), rps(f"round{r}-handwritten"), rps(f"round{r}-generated")
    floor.append(g / j); yaml.append(g / h); gens.append(g)
    print(f"round {r}: generated {g:.1f}, Java floor {j:.1f}, YAML route {h:.1f} req/s: "
          f"generated/Java = {g / j:.3f}, generated/YAML = {g / h:.3f}")
print(f"median generated/Java floor {statistics.median(floor):.3f} (goal >= 0.5); "
      f"median generated/YAML route {statistics.median(yaml):.3f}; median generated {statistics.median(gens):.1f} req/s")
open(f"{out}/generated-median-rps", "w").write(str(statistics.median(gens)))
PY

# Moderate load: no constant-rate wrk (-R) in Debian (no wrk2 package), so PACED_CONNS connections
# each pause DELAY_MS between requests (closed loop, aiming at half the generated median rate).
half=$(python3 -c "print(float(open('$OUT/generated-median-rps').read()) / 2)")
delay=$(python3 -c "print(max(1, round($PACED_CONNS * 1000 / $half)))")
echo "== latency at about half the generated rate ($half req/s): wrk -t2 -c$PACED_CONNS -d$DURATION, DELAY_MS=$delay"
for name in generated java; do
  DELAY_MS=$delay run "$name" "paced-$name" -t2 -c"$PACED_CONNS" -d"$DURATION" | tee -a "$OUT/summary.txt"
done
echo "== latency with few connections, unpaced: wrk -t2 -c$FEW_CONNS -d$DURATION"
for name in generated java; do
  run "$name" "few-$name" -t2 -c"$FEW_CONNS" -d"$DURATION" | tee -a "$OUT/summary.txt"
done

echo "== server side"
curl -sf -H "$AUTH" "$BASE/api/workflows/$ID" | python3 -c 'import sys,json;d=json.load(sys.stdin);print({k: d[k] for k in ("total_executions","successful_executions","failed_executions","average_duration_ms")})' | tee -a "$OUT/summary.txt"
echo "errors/exceptions in server log: $(grep -ciE 'exception|error' "$OUT/server.log" || true)" | tee -a "$OUT/summary.txt"
echo "server RSS after the run: $(awk '/VmRSS/{print $2/1024 " MB"}' /proc/$SERVER/status)" | tee -a "$OUT/summary.txt"
echo "results in $OUT"
