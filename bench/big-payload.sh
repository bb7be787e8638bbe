#!/usr/bin/env bash
# Big payloads (issue 12): one JSON body of SIZE_MB (50) MB, an order batch {"batch", "items": [...]} of ~500-byte
# lines, POSTed to a when_finished webhook whose workflow runs it through five nodes that each touch it
# (bench/big-payload-workflow.json: filter, JMESPath transforms, a condition) and answers with the last node's
# output (most of the body again). With RESPOND=immediately the webhook answers 202 once the execution's start
# (with its whole input: it is resumed from it after a crash) is committed, and the time is until the execution
# has ended. The server runs under bin/webops's memory settings with a HEAP (512m) heap.
# Reports the request's wall time, the server's peak RSS (VmHWM) and heap after, the stored history's size of the
# execution (inputs and outputs over WEBOPS_HISTORY_MAX_VALUE_BYTES are stored truncated).
#
# The node output limit (WEBOPS_NODE_MAX_OUTPUT_BYTES, 16 MB by default) would refuse a 50 MB output: raised
# here to 128 MB. The webhook raises its own body limit with trigger.max_body_bytes (64 MiB).
#   bench/big-payload.sh                  # SIZE_MB=50 HEAP=512m RUNS=2
#   JFR=1 bench/big-payload.sh            # also records a JFR profile of the runs ($OUT/big.jfr)
source "$(dirname "$0")/lib.sh"
SIZE_MB=${SIZE_MB:-50}; HEAP=${HEAP:-512m}; RUNS=${RUNS:-2}; RESPOND=${RESPOND:-when_finished}
PORT=${PORT:-18097}; BASE=http://localhost:$PORT
OUT=${OUT:-/tmp/webops-bench-big}
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dui.skip=true" # the runtime only: the canvas's npm build is not needed here
build
rm -rf "$OUT" && mkdir -p "$OUT"
machine

python3 - "$OUT/body.json" "$SIZE_MB" <<'PY'
import json, random, sys
random.seed(12)
words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa".split()
target = int(float(sys.argv[2]) * 1024 * 1024)
with open(sys.argv[1], "w") as f:
    f.write('{"batch": "b-12", "items": [')
    size, i = 30, 0
    while size < target:
        line = json.dumps({"id": i, "sku": "SKU-%06d" % random.randrange(10**6), "qty": random.randrange(1, 20),
                           "price": round(random.uniform(1, 500), 2), "status": "open" if i % 10 else "closed",
                           "customer": {"name": "Customer %d" % (i % 5000), "country": random.choice(["DE", "FR", "NL", "US"])},
                           "note": " ".join(random.choice(words) for _ in range(55))}, separators=(",", ":"))
        f.write(("," if i else "") + line)
        size += len(line) + 1
        i += 1
    f.write("]}")
print("body: %d items, %.1f MB" % (i, size / 1048576))
PY

jfr=()
[[ ${JFR:-0} == 1 ]] && jfr=(-XX:FlightRecorderOptions:stackdepth=256 -XX:StartFlightRecording=filename=$OUT/big.jfr,settings=profile,dumponexit=true)
WEBOPS_PORT=$PORT WEBOPS_DATA=$OUT/data WEBOPS_HEAP=$HEAP WEBOPS_NODE_MAX_OUTPUT_BYTES=134217728 \
  JAVA_OPTS="${jfr[*]} ${JAVA_OPTS:-}" bin/webops serve >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
wait_http "$BASE/observe/health" 90
# the JVM under bin/webops is the launched process itself (exec)
sed "s/\"respond\": \"when_finished\"/\"respond\": \"$RESPOND\"/" bench/big-payload-workflow.json >"$OUT/workflow.json"
ID=$(create_active "$BASE" "$OUT/workflow.json")
rss_idle=$(awk '/VmRSS/{print int($2 / 1024)}' /proc/$SERVER/status)
echo "workflow $ID active; server pid $SERVER, RSS after start ${rss_idle} MB, heap $HEAP"

for ((r = 1; r <= RUNS; r++)); do
  started=$(date +%s.%N)
  curl -s -o "$OUT/answer-$r.json" -w '%{http_code} %{time_total} %{size_upload} %{size_download}\n' \
    -XPOST "$BASE/webhooks/bench/big" -H 'content-type: application/json' --data-binary @"$OUT/body.json" \
    >"$OUT/curl-$r.txt"
  read -r code secs up down <"$OUT/curl-$r.txt"
  if [[ $RESPOND == immediately ]]; then # until the execution has ended; its answer is then the stored record
    EXEC=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["execution_id"])' "$OUT/answer-$r.json")
    until curl -sf -H "$AUTH" "$BASE/api/executions/$EXEC" -o "$OUT/answer-$r.json" &&
          ! grep -q '"status":"running"' "$OUT/answer-$r.json"; do sleep 0.1; done
    secs=$(python3 -c "import time; print('%.3f (202 after $secs)' % (time.time() - $started))")
  fi
  # the answer's count, quantity and items; for a 202 the ended execution's record, whose output is stored as a marker
  got=$(python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))
if "status" in a: print("execution %s, output stored as %s" % (a["status"], "a marker" if a["output"].get("_truncated") else "a whole value"))
else: print("count %s, quantity %s, %d items" % (a.get("count"), a.get("quantity"), len(a.get("items", []))))' "$OUT/answer-$r.json" 2>/dev/null || head -c 300 "$OUT/answer-$r.json")
  hwm=$(awk '/VmHWM/{print int($2 / 1024)}' /proc/$SERVER/status)
  echo "run $r: HTTP $code in $secs s, sent $((up / 1048576)) MB, answered $((down / 1048576)) MB ($got); peak RSS so far ${hwm} MB"
done
jcmd $SERVER GC.run >/dev/null # what the runs left behind: the heap still in use after a full collection
heap=$(jcmd $SERVER GC.heap_info 2>/dev/null | awk '/used/{for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub(/K,?/, "", v); print int(v / 1024); exit}}')
echo "heap in use after the runs and a full GC: ${heap} MB; load average now: $(cut -d' ' -f1-3 /proc/loadavg)"

# what the history kept of the last execution: node outputs over the limit are markers
curl -sf -H "$AUTH" "$BASE/api/executions?workflow_id=$ID&limit=1" -o "$OUT/executions.json"
EXEC=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["items"][0]["id"])' "$OUT/executions.json")
curl -sf -H "$AUTH" "$BASE/api/executions/$EXEC" -o "$OUT/execution.json"
python3 - "$OUT/execution.json" <<'PY'
import json, os, sys
e = json.load(open(sys.argv[1]))
def show(v):
    if isinstance(v, dict) and v.get("_truncated"):
        return "truncated marker, size_bytes %d, preview %d chars" % (v["size_bytes"], len(v["preview"]))
    return "stored whole, %d bytes" % len(json.dumps(v))
print("history of %s (%s, %d ms): answer of GET %d bytes" % (e["id"], e["status"], e["duration_ms"], os.path.getsize(sys.argv[1])))
print("  execution input: " + show(e["input"]) + "; output: " + show(e["output"]))
for l in e["node_logs"]:
    print("  %-6s %-8s %6d ms  input: %s; output: %s" % (l["node_id"], l["status"], l["duration_ms"], show(l["input"]), show(l["output"])))
PY
grep -c -E "ERROR|OutOfMemory" "$OUT/server.log" | sed 's/^/errors in server log: /' || true
