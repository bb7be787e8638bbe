package io.webops.bench;

import io.webops.TestServer;
import io.webops.history.ExecutionRecord;
import io.webops.json.Json;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Rows per second copied table to table on PostgreSQL (bench/sql-copy.sh): a workflow
 * database_query → transform → database_write run on the real server (in this JVM, history on;
 * started and awaited in-process as {@code POST /run?wait=true} does, so the time does not
 * include sending the 40 MB execution record over HTTP),
 * against a plain JDBC copy of the same rows (one SELECT, PreparedStatement batches of 1,000, auto
 * commit as camel-sql uses it) in the same run, rounds alternating. Peak heap is the sum of the
 * heap pools' peaks during each copy (peaks reset before it). Not a test.
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat target/bench-cp.txt) io.webops.bench.SqlCopyBench [rows] [rounds]</pre>
 * PostgreSQL from WEBOPS_TEST_PG_URL, WEBOPS_TEST_PG_USER, WEBOPS_TEST_PG_PASSWORD.
 */
public final class SqlCopyBench {

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String url = require("WEBOPS_TEST_PG_URL");
        String user = require("WEBOPS_TEST_PG_USER");
        String password = require("WEBOPS_TEST_PG_PASSWORD");
        String schema = "bench_sqlcopy_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String scoped = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;

        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
            s.execute("CREATE TABLE source (id INT PRIMARY KEY, customer VARCHAR(40), amount NUMERIC(12,2), status VARCHAR(12), created_at TIMESTAMP)");
            s.execute("INSERT INTO source SELECT g, 'customer-' || (g % 997), (g % 10000) / 100.0, "
                    + "CASE WHEN g % 3 = 0 THEN 'paid' ELSE 'open' END, TIMESTAMP '2026-01-01' + g * INTERVAL '1 second' "
                    + "FROM generate_series(1, " + rows + ") g");
            for (String t : new String[] {"copy_workflow", "copy_jdbc"}) {
                s.execute("CREATE TABLE " + t + " (order_id INT PRIMARY KEY, customer_name VARCHAR(40), amount NUMERIC(12,2),"
                        + " status VARCHAR(12), created_at TIMESTAMP)");
            }
        }
        try (TestServer server = TestServer.start()) {
            TestServer.Reply cred = server.post("/api/credentials", Map.of("name", "bench", "kind", "database",
                    "fields", Map.of("jdbc_url", scoped, "username", user, "password", password)));
            String credential = cred.json().get("id").asText();
            String workflow = server.create("""
                    {"name": "sql copy", "settings": {"timeout_seconds": 900}, "nodes": [
                      {"id": "extract", "type": "database_query", "timeout_seconds": 600, "config": {"credential": "%1$s",
                        "query": "select id, customer, amount, status, created_at from source order by id", "max_rows": %2$d}},
                      {"id": "shape", "type": "transform", "timeout_seconds": 600, "config": {"type": "jmespath",
                        "query": "{rows: extract[*].{order_id: id, customer_name: customer, amount: amount, status: status, created_at: created_at}}"}},
                      {"id": "load", "type": "database_write", "timeout_seconds": 600, "config": {"credential": "%1$s",
                        "table": "copy_workflow", "rows": "rows"}}],
                     "connections": [{"source": "extract", "target": "shape"}, {"source": "shape", "target": "load"}]}"""
                    .formatted(credential, rows));
            System.out.printf(Locale.ROOT, "rows %,d, rounds %d (after one warm-up of each)%n", rows, rounds);
            System.out.println("round | plain JDBC rows/s | peak heap MB | workflow rows/s | peak heap MB | workflow / JDBC");
            copyJdbc(url, user, password, schema);
            copyWorkflow(server, workflow, url, user, password, schema, rows);
            double sumRatio = 0;
            java.util.List<Double> ratios = new java.util.ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                Result jdbc;
                Result flow;
                if (r % 2 == 1) {
                    jdbc = copyJdbc(url, user, password, schema);
                    flow = copyWorkflow(server, workflow, url, user, password, schema, rows);
                } else {
                    flow = copyWorkflow(server, workflow, url, user, password, schema, rows);
                    jdbc = copyJdbc(url, user, password, schema);
                }
                double ratio = flow.rowsPerSecond / jdbc.rowsPerSecond;
                sumRatio += ratio;
                ratios.add(ratio);
                System.out.printf(Locale.ROOT, "%d | %,.0f | %d | %,.0f | %d | %.3f%n", r, jdbc.rowsPerSecond, jdbc.peakHeapMb,
                        flow.rowsPerSecond, flow.peakHeapMb, ratio);
            }
            java.util.Collections.sort(ratios);
            double median = rounds % 2 == 1 ? ratios.get(rounds / 2) : (ratios.get(rounds / 2 - 1) + ratios.get(rounds / 2)) / 2;
            System.out.printf(Locale.ROOT, "workflow / JDBC: mean %.3f, median %.3f%n", sumRatio / rounds, median);
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        System.exit(0);
    }

    private record Result(double rowsPerSecond, long peakHeapMb) {
    }

    private static Result copyWorkflow(TestServer server, String workflow, String url, String user, String password, String schema,
                                       int rows) throws Exception {
        truncate(url, user, password, schema, "copy_workflow");
        resetPeaks();
        long start = System.nanoTime();
        ExecutionRecord ex = server.server().workflows().run(workflow, Json.object(), "manual", Json.object(), true);
        double seconds = (System.nanoTime() - start) / 1e9;
        long heap = peakHeapMb();
        if (!"success".equals(ex.status())) {
            throw new IllegalStateException("workflow failed: " + ex.errorMessage());
        }
        StringBuilder nodes = new StringBuilder();
        ex.nodeLogs().forEach(l -> nodes.append(' ').append(l.nodeId()).append('=').append(l.durationMs()).append("ms"));
        System.out.printf(Locale.ROOT, "  workflow: %.2f s wall, execution %d ms:%s%n", seconds, ex.durationMs(), nodes);
        int copied = count(url, user, password, schema, "copy_workflow");
        if (copied != rows) {
            throw new IllegalStateException("workflow copied " + copied + " rows, not " + rows);
        }
        return new Result(rows / seconds, heap);
    }

    private static Result copyJdbc(String url, String user, String password, String schema) throws Exception {
        truncate(url, user, password, schema, "copy_jdbc");
        resetPeaks();
        long start = System.nanoTime();
        int n = 0;
        try (Connection read = DriverManager.getConnection(url, user, password);
             Connection write = DriverManager.getConnection(url, user, password)) {
            setSchema(read, schema);
            setSchema(write, schema);
            try (Statement s = read.createStatement();
                 ResultSet rs = s.executeQuery("select id, customer, amount, status, created_at from source order by id");
                 PreparedStatement ins = write.prepareStatement("INSERT INTO copy_jdbc (order_id, customer_name, amount, status, created_at)"
                         + " VALUES (?, ?, ?, ?, ?)")) {
                while (rs.next()) {
                    ins.setInt(1, rs.getInt(1));
                    ins.setString(2, rs.getString(2));
                    ins.setBigDecimal(3, rs.getBigDecimal(3));
                    ins.setString(4, rs.getString(4));
                    ins.setTimestamp(5, rs.getTimestamp(5));
                    ins.addBatch();
                    if (++n % 1000 == 0) {
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(n / seconds, peakHeapMb());
    }

    private static void setSchema(Connection c, String schema) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schema);
        }
    }

    private static void truncate(String url, String user, String password, String schema, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("TRUNCATE " + schema + "." + table);
        }
        System.gc();
    }

    private static int count(String url, String user, String password, String schema, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + schema + "." + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes >> 20;
    }

    private static String require(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return v;
    }
}
