package io.webops.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schedule triggers (§2): Quartz and crontab expressions, firing, pausing, the generated route. */
class ScheduleTriggerTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void everySecondQuartzCronRunsTheWorkflowAndPauseStopsIt() throws Exception {
        String id = s.create(scheduled("* * * * * ?"));
        activate(id);

        List<JsonNode> fired = awaitExecutions(id, 2, Duration.ofSeconds(8));
        for (JsonNode ex : fired) {
            assertThat(ex.get("trigger_type").asText()).isEqualTo("schedule");
        }
        JsonNode first = s.get("/api/executions/" + fired.get(0).get("id").asText()).json();
        assertThat(first.get("status").asText()).isEqualTo("success");
        assertThat(first.get("input").get("fired_at").asText()).isNotBlank();

        Reply paused = s.post("/api/workflows/" + id + "/pause", "{}");
        assertThat(paused.json().get("status").asText()).isEqualTo("paused");
        Thread.sleep(500);
        int afterPause = executions(id).size();
        Thread.sleep(2_500);
        assertThat(executions(id)).hasSize(afterPause);
    }

    @Test
    void fiveFieldCrontabIsAcceptedAndDeployedAsAQuartzEndpoint() throws Exception {
        String id = s.create(scheduled("*/5 * * * *"));
        activate(id);

        Reply routes = s.get("/api/workflows/" + id + "/routes");

        assertThat(routes.status()).isEqualTo(200);
        assertThat(routes.raw().headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("yaml"));
        assertThat(routes.text()).contains("quartz:").contains(id).contains("0 */5 * * * ?");
        assertThat(s.get("/api/workflows/" + id).json().get("trigger").get("cron").asText()).isEqualTo("*/5 * * * *");
    }

    @Test
    void badCronIsRefusedAtSave() throws Exception {
        Reply r = s.post("/api/workflows", scheduled("61 * * * *"));

        assertThat(r.status()).isIn(400, 422);
        assertThat(r.text()).contains("cron");
    }

    @Test
    void disabledScheduleStopsFiring() throws Exception {
        String id = s.create(scheduled("* * * * * ?"));
        activate(id);
        awaitExecutions(id, 1, Duration.ofSeconds(5));

        assertThat(s.post("/api/workflows/" + id + "/disable", "{}").json().get("status").asText()).isEqualTo("disabled");
        Thread.sleep(500);
        int afterDisable = executions(id).size();
        Thread.sleep(2_500);
        assertThat(executions(id)).hasSize(afterDisable);
    }

    @Test
    void theTicksThatFellWhileTheInstanceWasDownFireWhenItIsBackEachOnce() throws Exception {
        TestServer first = TestServer.start();
        String id = first.create("""
                {"name": "every second", "trigger": {"type": "schedule", "cron": "* * * * * ?"},
                 "nodes": [{"id": "tick", "type": "transform", "config": {"type": "jmespath", "query": "scheduled_at"}}],
                 "connections": []}""");
        assertThat(first.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        Thread.sleep(2_500);
        first.close();
        Instant down = Instant.now();
        Thread.sleep(3_000);

        try (TestServer again = TestServer.start(java.util.Map.of("WEBOPS_DATA", first.dataDir.toString()))) {
            Instant back = Instant.now();
            Thread.sleep(2_500);
            List<Instant> ticks = new ArrayList<>();
            for (JsonNode e : again.get("/api/executions?limit=200&workflow_id=" + id).json().get("items")) {
                JsonNode done = awaitFinished(again, e.get("id").asText());
                assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("success");
                ticks.add(Instant.parse(done.get("output").asText()));
            }
            ticks.sort(null);
            long seconds = Duration.between(ticks.get(0), ticks.get(ticks.size() - 1)).toSeconds() + 1;
            assertThat(ticks).as("one execution per tick, none missing").doesNotHaveDuplicates().hasSize((int) seconds);
            assertThat(ticks).as("ticks from while the instance was down").anyMatch(t -> t.isAfter(down) && t.isBefore(back));
        }
    }

    private static JsonNode awaitFinished(TestServer server, String executionId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode e = server.get("/api/executions/" + executionId).json();
        while (e.get("status").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            e = server.get("/api/executions/" + executionId).json();
        }
        return e;
    }

    private static String scheduled(String cron) {
        return """
                {"name": "every tick", "trigger": {"type": "schedule", "cron": "%s"},
                 "nodes": [{"id": "tick", "type": "transform", "config": {"type": "jmespath", "query": "{at: fired_at}"}}],
                 "connections": []}
                """.formatted(cron);
    }

    private static void activate(String id) throws Exception {
        Reply r = s.post("/api/workflows/" + id + "/activate", "{}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    private static List<JsonNode> awaitExecutions(String id, int atLeast, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<JsonNode> found = executions(id);
        while (found.size() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(200);
            found = executions(id);
        }
        assertThat(found).as("executions of the scheduled workflow").hasSizeGreaterThanOrEqualTo(atLeast);
        return found;
    }

    private static List<JsonNode> executions(String id) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        s.get("/api/executions?limit=200&workflow_id=" + id).json().get("items").forEach(all::add);
        return all;
    }
}
