#!/usr/bin/env bash
# The overhead the product adds around one LLM call (prompt rendering, memory recall over 10,000
# stored memories, conversation, LangChain4j + SSRF-guarded client, node log), against the local
# fake OpenAI-compatible server's own latency. In-process; see src/test/java/io/webops/bench/LlmOverheadBench.
#   bench/llm-overhead.sh [warmup] [reps]      e.g. bench/llm-overhead.sh 200 500
source "$(dirname "$0")/lib.sh"
WARMUP=${1:-200}
REPS=${2:-500}
JAVA_OPTS=${JAVA_OPTS:-}
mvn -q -o test-compile
CP=target/bench-cp.txt
[[ -f $CP && $CP -nt pom.xml ]] || mvn -q -o dependency:build-classpath -Dmdep.outputFile="$CP" >/dev/null
machine
java $JAVA_OPTS -cp "target/classes:target/test-classes:$(cat "$CP")" io.webops.bench.LlmOverheadBench "$WARMUP" "$REPS" \
  2> >(grep -v -e 'x-template' -e '\] INFO' >&2)
