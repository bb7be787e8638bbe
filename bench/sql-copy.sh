#!/usr/bin/env bash
# Rows per second table to table on PostgreSQL: workflow database_query -> transform -> database_write
# against a plain JDBC batch copy of the same rows, in the same JVM and run, with peak heap.
#   bench/sql-copy.sh [rows] [rounds]          e.g. bench/sql-copy.sh 100000 3
# PostgreSQL from WEBOPS_TEST_PG_URL/_USER/_PASSWORD (default: the local test database).
source "$(dirname "$0")/lib.sh"
ROWS=${1:-100000}
ROUNDS=${2:-3}
JAVA_OPTS=${JAVA_OPTS:-}
export WEBOPS_TEST_PG_URL=${WEBOPS_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/webops_test}
export WEBOPS_TEST_PG_USER=${WEBOPS_TEST_PG_USER:-webops}
export WEBOPS_TEST_PG_PASSWORD=${WEBOPS_TEST_PG_PASSWORD:-webops}
mvn -q -o test-compile
CP=target/bench-cp.txt
[[ -f $CP && $CP -nt pom.xml ]] || mvn -q -o dependency:build-classpath -Dmdep.outputFile="$CP" >/dev/null
machine
echo "JAVA_OPTS: ${JAVA_OPTS:-(default)}"
java $JAVA_OPTS -cp "target/classes:target/test-classes:$(cat "$CP")" io.webops.bench.SqlCopyBench "$ROWS" "$ROUNDS" \
  2> >(grep -v -e 'x-template' -e '\] INFO' >&2)
