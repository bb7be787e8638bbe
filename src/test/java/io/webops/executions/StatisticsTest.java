package io.webops.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestWorkflows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Workflow statistics and the execution list (§4, §6) after many concurrent runs, of which every
 * third fails by its input.
 */
class StatisticsTest {

    private static final int RUNS = 200;
    private static final int FAILING = (RUNS + 2) / 3;

    private static TestServer s;
    private static String workflowId;
    private static String otherWorkflowId;
    private static final Set<String> executionIds = new HashSet<>();

    @BeforeAll
    static void runConcurrently() throws Exception {
        s = TestServer.start();
        workflowId = s.create(TestWorkflows.SOMETIMES_FAILING);
        otherWorkflowId = s.create(TestWorkflows.SOMETIMES_FAILING);
        s.runAndWait(otherWorkflowId, "{\"n\": 1}");
        s.runAndWait(otherWorkflowId, "{\"n\": 0}");

        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<JsonNode>> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                int n = i;
                runs.add(pool.submit(() -> s.runAndWait(workflowId, "{\"n\": " + n + "}")));
            }
            for (Future<JsonNode> run : runs) {
                JsonNode ex = run.get();
                int n = ex.get("input").get("n").asInt();
                assertThat(ex.get("status").asText()).as("run %d", n).isEqualTo(n % 3 == 0 ? "failed" : "success");
                executionIds.add(ex.get("id").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(executionIds).hasSize(RUNS);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void statisticsCountEveryConcurrentRunExactly() throws Exception {
        JsonNode wf = settledStatistics(workflowId, RUNS);

        assertThat(wf.get("total_executions").asLong()).isEqualTo(RUNS);
        assertThat(wf.get("successful_executions").asLong()).isEqualTo(RUNS - FAILING);
        assertThat(wf.get("failed_executions").asLong()).isEqualTo(FAILING);
        assertThat(wf.get("average_duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(wf.get("last_executed_at").isNull()).isFalse();
        assertThat(Instant.parse(wf.get("last_executed_at").asText())).isAfter(Instant.now().minus(Duration.ofMinutes(5)));
    }

    @Test
    void workflowListCarriesTheSameStatistics() throws Exception {
        JsonNode listed = null;
        for (JsonNode wf : s.get("/api/workflows?limit=200").json().get("items")) {
            if (wf.get("id").asText().equals(workflowId)) {
                listed = wf;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("total_executions").asLong()).isEqualTo(RUNS);
        assertThat(listed.get("failed_executions").asLong()).isEqualTo(FAILING);
    }

    @Test
    void statisticsIncludeARunAsSoonAsItsWaitReturns() throws Exception {
        String id = s.create(TestWorkflows.SOMETIMES_FAILING);

        s.runAndWait(id, "{\"n\": 1}");
        JsonNode wf = s.get("/api/workflows/" + id).json();

        assertThat(wf.get("total_executions").asLong()).isEqualTo(1);
        assertThat(wf.get("successful_executions").asLong()).isEqualTo(1);
        assertThat(wf.get("last_executed_at").isNull()).isFalse();
    }

    @Test
    void pagingWalksEveryExecutionNewestFirstWithoutDuplicatesOrGaps() throws Exception {
        List<JsonNode> walked = walk("/api/executions?workflow_id=" + workflowId + "&limit=7");

        List<String> ids = walked.stream().map(e -> e.get("id").asText()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(executionIds);
        for (int i = 1; i < walked.size(); i++) {
            Instant newer = Instant.parse(walked.get(i - 1).get("started_at").asText());
            Instant older = Instant.parse(walked.get(i).get("started_at").asText());
            assertThat(older).as("item %d started no later than item %d", i, i - 1).isBeforeOrEqualTo(newer);
        }
    }

    @Test
    void firstPageIsTheNewestAndHonoursTheLimit() throws Exception {
        JsonNode page = s.get("/api/executions?workflow_id=" + workflowId + "&limit=5").json();

        assertThat(page.get("items")).hasSize(5);
        assertThat(page.get("next_cursor").isNull()).isFalse();
        Instant newestOnPage = Instant.parse(page.get("items").get(0).get("started_at").asText());
        for (JsonNode e : walk("/api/executions?workflow_id=" + workflowId + "&limit=50")) {
            assertThat(Instant.parse(e.get("started_at").asText())).isBeforeOrEqualTo(newestOnPage);
        }
    }

    @Test
    void filtersByWorkflowAndStatus() throws Exception {
        List<JsonNode> failed = walk("/api/executions?workflow_id=" + workflowId + "&status=failed&limit=20");
        List<JsonNode> succeeded = walk("/api/executions?workflow_id=" + workflowId + "&status=success&limit=20");
        List<JsonNode> other = walk("/api/executions?workflow_id=" + otherWorkflowId + "&limit=20");

        assertThat(failed).hasSize(FAILING).allSatisfy(e -> {
            assertThat(e.get("status").asText()).isEqualTo("failed");
            assertThat(e.get("workflow_id").asText()).isEqualTo(workflowId);
        });
        assertThat(succeeded).hasSize(RUNS - FAILING).allSatisfy(e -> assertThat(e.get("status").asText()).isEqualTo("success"));
        assertThat(other).hasSize(2).allSatisfy(e -> assertThat(e.get("workflow_id").asText()).isEqualTo(otherWorkflowId));
        assertThat(walk("/api/executions?status=failed&limit=100"))
                .allSatisfy(e -> assertThat(e.get("status").asText()).isEqualTo("failed"))
                .hasSize(FAILING + 1);
    }

    @Test
    void limitOutOfRangeIsRefused() throws Exception {
        assertThat(s.get("/api/executions?limit=0").status()).isEqualTo(400);
        assertThat(s.get("/api/executions?limit=201").status()).isEqualTo(400);
        assertThat(s.get("/api/executions?limit=ten").status()).isEqualTo(400);
    }

    /** The workflow once its history has caught up with the runs (waits at most 5 s). */
    private static JsonNode settledStatistics(String id, long runs) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        JsonNode wf = s.get("/api/workflows/" + id).json();
        while (wf.get("total_executions").asLong() < runs && System.nanoTime() < deadline) {
            Thread.sleep(100);
            wf = s.get("/api/workflows/" + id).json();
        }
        return wf;
    }

    /** Every item of a paged list, following next_cursor to the end. */
    private static List<JsonNode> walk(String firstPage) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = s.get(firstPage + (cursor == null ? "" : "&cursor=" + cursor)).json();
            page.get("items").forEach(all::add);
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            assertThat(++pages).as("pages").isLessThan(1_000);
        } while (cursor != null);
        return all;
    }
}
