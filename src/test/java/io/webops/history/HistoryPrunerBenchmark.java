package io.webops.history;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast the pruner deletes, not part of the normal build: {@code WEBOPS_BENCH=1 mvn -q test
 * -Dtest=HistoryPrunerBenchmark} ({@code -Dwebops.bench.executions=200000}). Writes that many finished executions of
 * one workflow with the webhook bench's order as input and output (H2 file), then times one pass keeping 10,000.
 */
@EnabledIfEnvironmentVariable(named = "WEBOPS_BENCH", matches = ".+")
class HistoryPrunerBenchmark {
    static final int EXECUTIONS = Integer.getInteger("webops.bench.executions", 200_000);

    @TempDir
    Path dir;

    @Test
    void h2File() throws Exception {
        JsonNode order = Json.parse(Files.readAllBytes(Path.of("bench/order-big.json")));
        try (Store store = Store.openH2(dir, "bench")) {
            store.workflows().create("wf-bench", "bench", "{}");
            Instant t0 = Instant.now().minusSeconds(EXECUTIONS);
            for (int i = 0; i < EXECUTIONS; i++) {
                Instant started = t0.plusMillis(i * 10L);
                String id = ExecutionIds.next();
                store.executions().finished(new ExecutionRecord(id, "wf-bench", 1, "success", "webhook",
                        Json.object(), order, order, null, null, started, started.plusMillis(2), 2L,
                        List.of(new NodeLog("n1", "success", 1, started, 1L, order, order, null, null))));
            }
            store.executions().flush();
            HistoryPruner pruner = new HistoryPruner(store, new Retention(0, 10_000), Duration.ofHours(1));
            long start = System.nanoTime();
            HistoryPruner.Pass pass = pruner.prune(Instant.now());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("pruner: %d deleted in %d batches, %.1f s: %.0f executions/s%n", pass.deleted(),
                    pass.batches(), seconds, pass.deleted() / seconds);
            pruner.close();
        }
    }
}
