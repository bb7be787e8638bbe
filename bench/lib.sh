# Shared helpers for the bench scripts (source it; run from the repository root).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
JAR=$ROOT/target/webops-automation.jar

# `mvn -o package` fails offline on this machine: the pom does not pin maven-jar-plugin, so Maven
# 3.8's default 2.4 is used and its dependencies (classworlds 1.1-alpha-2, plexus-archiver 2.1)
# are not in ~/.m2. Build the same jar with plugin versions that are there instead.
build() {
  if [[ ! -f $JAR || -n $(find src/main pom.xml -newer "$JAR" -print -quit) ]]; then
    mvn -q -o -DskipTests package >/dev/null 2>&1 || \
      mvn -q -o -DskipTests compile org.apache.maven.plugins:maven-jar-plugin:3.4.1:jar \
          org.apache.maven.plugins:maven-shade-plugin:3.6.0:shade@default
  fi
  mvn -q -o test-compile
}

machine() {
  echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs);" \
       "ram: $(free -m | awk '/Mem:/{print $2" MB"}'); $(java -version 2>&1 | sed -n 2p)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# The API needs a signed-in caller: the servers started here bootstrap this admin and its token. Benchmarks measure
# throughput, so the per-path webhook rate limit is off.
export WEBOPS_ADMIN_EMAIL=bench@localhost WEBOPS_ADMIN_PASSWORD=bench-password WEBOPS_ADMIN_TOKEN=wo_bench-admin-token
export WEBOPS_WEBHOOK_RATE_PER_SECOND=0
AUTH="Authorization: Bearer $WEBOPS_ADMIN_TOKEN"

# wait_http URL [timeout-seconds]: polls until URL answers 2xx.
wait_http() {
  local url=$1 limit=${2:-60} i
  for ((i = 0; i < limit * 20; i++)); do
    curl -sf -o /dev/null "$url" && return 0
    sleep 0.05
  done
  echo "timed out waiting for $url" >&2
  return 1
}

# create_active URL FILE: creates and activates a workflow, prints its id.
create_active() {
  local base=$1 file=$2 id
  id=$(curl -sf -XPOST "$base/api/workflows" -H "$AUTH" -H 'content-type: application/json' --data-binary @"$file" |
       python3 -c 'import sys,json;print(json.load(sys.stdin)["id"])')
  curl -sf -o /dev/null -H "$AUTH" -XPOST "$base/api/workflows/$id/activate"
  echo "$id"
}

# wrk_2xx FILE: reads wrk's output and prints "<2xx answers per second> <non-2xx answers>" (wrk's Requests/sec
# counts 429s and 500s too).
wrk_2xx() {
  python3 - "$1" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
n, s, u = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)", t).groups()
s = float(s) / 1000 if u == "ms" else float(s) * 60 if u == "m" else float(s)
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
bad = int(bad.group(1)) if bad else 0
print("%d %d" % (round((int(n) - bad) / s), bad))
PY
}
