package io.webops.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.time.Duration;
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
