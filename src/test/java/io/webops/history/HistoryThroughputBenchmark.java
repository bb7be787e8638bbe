package io.webops.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throughput of the history writer, not part of the normal build. Run with
 * {@code WEBOPS_BENCH=1 mvn -q test -Dtest=HistoryThroughputBenchmark} (plus the WEBOPS_TEST_PG_* variables for
 * PostgreSQL). 8 threads each run started()+finished() for their share of executions with 5 node logs each.
 * {@code -Dwebops.bench.payload=webhook} uses webhook-like values instead of tiny ones: trigger data with 10 HTTP
 * headers, bench/order-big.json as input, ids from {@link ExecutionIds} (as the engine), a 5-node chain where each
 * node's input is its predecessor's output object
 * (as the engine passes them). Besides wall-clock rates it prints the CPU time of the JVM and of the writer thread per
 * execution, which is less sensitive to other load on the machine, and (Linux) the CPU time of all local
 * {@code postgres} processes per execution (includes anything else using that server meanwhile).
 */
@EnabledIfEnvironmentVariable(named = "WEBOPS_BENCH", matches = ".+")
class HistoryThroughputBenchmark {
    static final int THREADS = 8;
    static final int EXECUTIONS = Integer.getInteger("webops.bench.executions", 100_000);
    static final boolean WEBHOOK = "webhook".equals(System.getProperty("webops.bench.payload"));

    @TempDir
    Path dir;

    @Test
    void h2InMemory() throws Exception {
        run("h2 in-memory", Store::inMemory);
    }

    @Test
    void h2File() throws Exception {
        run("h2 file", () -> Store.openH2(dir, "bench"));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "WEBOPS_TEST_PG_URL", matches = ".+")
    void postgresql() throws Exception {
        String schema = "webops_bench_" + System.nanoTime();
        PostgresStoreTest.execute("CREATE SCHEMA " + schema);
        try {
            String url = PostgresStoreTest.URL + (PostgresStoreTest.URL.contains("?") ? "&" : "?")
                    + "currentSchema=" + schema;
            run("postgresql", () -> Store.open(url, PostgresStoreTest.USER, PostgresStoreTest.PASSWORD, "bench"));
        } finally {
            PostgresStoreTest.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    interface Opener {
        Store open() throws Exception;
    }

    void run(String name, Opener opener) throws Exception {
        try (Store store = opener.open()) {
            for (int w = 0; w < 10; w++) {
                store.workflows().create("wf-" + w, "W" + w, "{}");
            }
            // warm-up
            submit(store, "warm", 10_000, new long[10_000]);
            store.executions().flush();
            long batches0 = store.executions().writer().batchesWritten();
            long rows0 = store.executions().writer().rowsWritten();

            long[] latencies = new long[EXECUTIONS * 2];
            long cpu0 = processCpuNanos();
            long writerCpu0 = writerCpuNanos();
            long pgCpu0 = postgresCpuNanos();
            long t0 = System.nanoTime();
            submit(store, "run", EXECUTIONS, latencies);
            long submitted = System.nanoTime();
            store.executions().flush();
            long committed = System.nanoTime();
            long cpu = processCpuNanos() - cpu0;
            long writerCpu = writerCpuNanos() - writerCpu0;
            long pgCpu = postgresCpuNanos() - pgCpu0;

            long batches = store.executions().writer().batchesWritten() - batches0;
            long rows = store.executions().writer().rowsWritten() - rows0;
            Arrays.sort(latencies);
            System.out.printf("%-13s %,d executions (started+finished, 5 node logs, %s payload), %d threads:%n",
                    name, EXECUTIONS, WEBHOOK ? "webhook" : "small", THREADS);
            System.out.printf("  submit: %,.0f calls/s; call latency p50 %.1f us, p99 %.1f us, p99.9 %.1f us,"
                            + " max %.1f ms%n", 2.0 * EXECUTIONS / secs(submitted - t0),
                    latencies[latencies.length / 2] / 1e3, latencies[(int) (latencies.length * 0.99)] / 1e3,
                    latencies[(int) (latencies.length * 0.999)] / 1e3, latencies[latencies.length - 1] / 1e6);
            System.out.printf("  persisted: %,.0f executions/s end-to-end (%.2f s); %,d batches, avg %.0f rows/batch,"
                            + " %,d row writes for %,d submissions%n", EXECUTIONS / secs(committed - t0),
                    secs(committed - t0), batches, (double) rows / batches, rows, 2L * EXECUTIONS);
            System.out.printf("  cpu: JVM %.1f us/execution, writer thread %.1f us/execution, local postgres"
                            + " processes %.1f us/execution%n", cpu / 1e3 / EXECUTIONS, writerCpu / 1e3 / EXECUTIONS,
                    pgCpu / 1e3 / EXECUTIONS);
            long total = 0;
            for (int w = 0; w < 10; w++) {
                total += store.workflows().get("wf-" + w).orElseThrow().stats().totalExecutions();
            }
            assertThat(total).isEqualTo(EXECUTIONS + 10_000);
            long e0 = System.nanoTime();
            int ended = store.executions().endInterrupted(); // the start-up scan for left-over running executions
            System.out.printf("  endInterrupted over %,d rows: %.0f ms (%d ended)%n", EXECUTIONS + 10_000,
                    (System.nanoTime() - e0) / 1e6, ended);
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static long writerCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("webops-history-writer")) {
                return threads.getThreadCpuTime(t.getId());
            }
        }
        return 0;
    }

    /** utime + stime of every process named postgres, from /proc (0 elsewhere); clock ticks taken as 100 Hz. */
    static long postgresCpuNanos() {
        long ticks = 0;
        java.io.File[] procs = new java.io.File("/proc").listFiles((d, n) -> n.chars().allMatch(Character::isDigit));
        if (procs == null) {
            return 0;
        }
        for (java.io.File proc : procs) {
            try {
                String stat = java.nio.file.Files.readString(proc.toPath().resolve("stat"));
                int close = stat.lastIndexOf(')');
                if (!stat.substring(stat.indexOf('(') + 1, close).equals("postgres")) {
                    continue;
                }
                String[] f = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat
            } catch (java.io.IOException | RuntimeException e) {
                // process gone
            }
        }
        return ticks * 10_000_000L;
    }

    static double secs(long nanos) {
        return nanos / 1e9;
    }

    static void submit(Store store, String prefix, int executions, long[] latencies) throws Exception {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        int per = executions / THREADS;
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < per; i++) {
                    int n = thread * per + i;
                    String id = WEBHOOK ? ExecutionIds.next() : prefix + "-" + n; // as the engine makes them
                    String wf = "wf-" + (n % 10);
                    Instant start = Instant.now();
                    JsonNode trigger;
                    JsonNode input;
                    if (WEBHOOK) {
                        ObjectNode td = json.objectNode().put("method", "POST").put("path", "/webhooks/bench/" + wf);
                        ObjectNode h = td.putObject("headers");
                        h.put("host", "127.0.0.1:8080").put("user-agent", "wrk/4.1.0")
                                .put("content-type", "application/json").put("accept", "*/*")
                                .put("content-length", "131").put("accept-encoding", "gzip, deflate")
                                .put("connection", "keep-alive").put("x-request-id", "req-" + n)
                                .put("x-forwarded-for", "10.0.0." + (n % 255)).put("x-trace", "00-" + n + "-01");
                        td.putObject("query");
                        trigger = td;
                        ObjectNode order = json.objectNode();
                        ObjectNode o = order.putObject("order").put("id", n).put("customer", "c-" + (n % 1000));
                        var items = o.putArray("items");
                        items.addObject().put("sku", "a-1").put("qty", 2).put("price", 30);
                        items.addObject().put("sku", "b-2").put("qty", 1).put("price", 60);
                        o.put("total", 120);
                        input = order;
                    } else {
                        trigger = json.objectNode().put("path", "/hook/" + wf);
                        input = json.objectNode().put("order", n).put("customer", "c-" + (n % 1000));
                    }
                    ExecutionRecord started = new ExecutionRecord(id, wf, 1, "running", "webhook",
                            trigger, input, null, null, null, start, null,
                            null, List.of());
                    long a = System.nanoTime();
                    store.executions().started(started);
                    long b = System.nanoTime();
                    List<NodeLog> logs = new ArrayList<>();
                    JsonNode in = input;
                    JsonNode out = json.objectNode().put("ok", true);
                    for (int k = 0; k < 5; k++) {
                        if (WEBHOOK) {
                            // webhook_input passes its input on; the others make new values from their input
                            out = k == 0 ? in : json.objectNode().put("id", n).put("customer", "c-" + (n % 1000))
                                    .put("total", 120).put("step", k).put("tier", "big");
                            logs.add(new NodeLog("node-" + k, "success", 1, start, k, in, out, null, null));
                            in = out;
                        } else {
                            logs.add(new NodeLog("node-" + k, "success", 1, start, k, input,
                                    json.objectNode().put("step", k).put("value", "v" + n), null, null));
                        }
                    }
                    ExecutionRecord done = new ExecutionRecord(id, wf, 1, n % 7 == 0 ? "failed" : "success",
                            "webhook", started.triggerData(), input, WEBHOOK ? out : json.objectNode().put("ok", true),
                            null, null, start, Instant.now(), 3L, logs);
                    long c = System.nanoTime();
                    store.executions().finished(done);
                    long d = System.nanoTime();
                    if (latencies.length >= 2 * executions) {
                        latencies[2 * n] = b - a;
                        latencies[2 * n + 1] = d - c;
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : futures) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();
    }
}
