package io.webops.history;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
 */
@EnabledIfEnvironmentVariable(named = "WEBOPS_BENCH", matches = ".+")
class HistoryThroughputBenchmark {
    static final int THREADS = 8;
    static final int EXECUTIONS = Integer.getInteger("webops.bench.executions", 100_000);

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
            long t0 = System.nanoTime();
            submit(store, "run", EXECUTIONS, latencies);
            long submitted = System.nanoTime();
            store.executions().flush();
            long committed = System.nanoTime();

            long batches = store.executions().writer().batchesWritten() - batches0;
            long rows = store.executions().writer().rowsWritten() - rows0;
            Arrays.sort(latencies);
            System.out.printf("%-13s %,d executions (started+finished, 5 node logs), %d threads:%n", name,
                    EXECUTIONS, THREADS);
            System.out.printf("  submit: %,.0f calls/s; call latency p50 %.1f us, p99 %.1f us, p99.9 %.1f us,"
                            + " max %.1f ms%n", 2.0 * EXECUTIONS / secs(submitted - t0),
                    latencies[latencies.length / 2] / 1e3, latencies[(int) (latencies.length * 0.99)] / 1e3,
                    latencies[(int) (latencies.length * 0.999)] / 1e3, latencies[latencies.length - 1] / 1e6);
            System.out.printf("  persisted: %,.0f executions/s end-to-end (%.2f s); %,d batches, avg %.0f rows/batch,"
                            + " %,d row writes for %,d submissions%n", EXECUTIONS / secs(committed - t0),
                    secs(committed - t0), batches, (double) rows / batches, rows, 2L * EXECUTIONS);
            long total = 0;
            for (int w = 0; w < 10; w++) {
                total += store.workflows().get("wf-" + w).orElseThrow().stats().totalExecutions();
            }
            assertThat(total).isEqualTo(EXECUTIONS + 10_000);
        }
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
                    String id = prefix + "-" + n;
                    String wf = "wf-" + (n % 10);
                    Instant start = Instant.now();
                    var input = json.objectNode().put("order", n).put("customer", "c-" + (n % 1000));
                    ExecutionRecord started = new ExecutionRecord(id, wf, 1, "running", "webhook",
                            json.objectNode().put("path", "/hook/" + wf), input, null, null, null, start, null,
                            null, List.of());
                    long a = System.nanoTime();
                    store.executions().started(started);
                    long b = System.nanoTime();
                    List<NodeLog> logs = new ArrayList<>();
                    for (int k = 0; k < 5; k++) {
                        logs.add(new NodeLog("node-" + k, "success", 1, start, k, input,
                                json.objectNode().put("step", k).put("value", "v" + n), null, null));
                    }
                    ExecutionRecord done = new ExecutionRecord(id, wf, 1, n % 7 == 0 ? "failed" : "success",
                            "webhook", started.triggerData(), input, json.objectNode().put("ok", true), null, null,
                            start, Instant.now(), 3L, logs);
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
