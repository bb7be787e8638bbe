package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workflow setting {@code save_execution_data} over HTTP: which finished executions keep their data, how an
 * execution without it reads, and which values and history limits a workflow is refused for.
 */
class ExecutionDataSavingApiTest {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A workflow that fails when its input says so. */
    private static String workflow(String settings) {
        return """
                {"name": "saving", "settings": %s, "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "code", "type": "custom_code", "config": {"language": "javascript",
                   "code": "if (!input.ok) { throw new Error('not ok'); } return {seen: input.n};", "timeout_ms": 1000, "memory_mb": 64}}],
                 "connections": [{"source": "in", "target": "code"}]}
                """.formatted(settings);
    }

    private static JsonNode stored(JsonNode finished) throws Exception {
        TestServer.Reply r = server.get("/api/executions/" + finished.get("id").asText());
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    @Test
    void errorsOnlyKeepsTheRecordOfASuccessButNotItsData() throws Exception {
        String id = server.create(workflow("{\"save_execution_data\": \"errors_only\"}"));

        JsonNode execution = stored(server.runAndWait(id, Map.of("ok", true, "n", 7)));

        assertThat(execution.get("status").asText()).isEqualTo("success");
        assertThat(execution.get("data_saved").asBoolean(true)).isFalse();
        assertThat(execution.get("input").isNull()).isTrue();
        assertThat(execution.get("output").isNull()).isTrue();
        assertThat(execution.get("trigger_data").isNull()).isTrue();
        assertThat(execution.get("node_logs")).isEmpty();
        assertThat(execution.get("trigger_type").asText()).isEqualTo("manual");
        assertThat(execution.get("completed_at").isNull()).isFalse();
        assertThat(execution.get("duration_ms").isNumber()).isTrue();
        TestServer.Reply retry = server.post("/api/executions/" + execution.get("id").asText() + "/retry", "");
        assertThat(retry.status()).as(retry.text()).isEqualTo(409);
        assertThat(retry.json().at("/error/message").asText()).contains("kept no data", "save_execution_data");
    }

    @Test
    void errorsOnlyKeepsEverythingOfAFailure() throws Exception {
        String id = server.create(workflow("{\"save_execution_data\": \"errors_only\"}"));

        JsonNode execution = stored(server.runAndWait(id, Map.of("ok", false, "n", 7)));

        assertThat(execution.get("status").asText()).isEqualTo("failed");
        assertThat(execution.has("data_saved")).isFalse();
        assertThat(execution.get("input").get("n").asInt()).isEqualTo(7);
        assertThat(execution.get("error_message").asText()).contains("not ok");
        assertThat(TestServer.nodeLog(execution, "code").get("status").asText()).isEqualTo("failed");
        assertThat(TestServer.nodeLog(execution, "in").get("output").get("n").asInt()).isEqualTo(7);
        TestServer.Reply retry = server.post("/api/executions/" + execution.get("id").asText() + "/retry?wait=true", "");
        assertThat(retry.status()).as(retry.text()).isEqualTo(200);
        assertThat(retry.json().get("input").get("n").asInt()).isEqualTo(7);
    }

    @Test
    void noneKeepsNoDataButTheStatisticsStayRight() throws Exception {
        String id = server.create(workflow("{\"save_execution_data\": \"none\"}"));

        JsonNode failed = stored(server.runAndWait(id, Map.of("ok", false)));
        JsonNode succeeded = stored(server.runAndWait(id, Map.of("ok", true, "n", 1)));

        assertThat(failed.get("data_saved").asBoolean(true)).isFalse();
        assertThat(failed.get("error_message").asText()).contains("not ok");
        assertThat(failed.get("node_logs")).isEmpty();
        assertThat(succeeded.get("data_saved").asBoolean(true)).isFalse();
        JsonNode listed = server.get("/api/executions?workflow_id=" + id).json().get("items");
        assertThat(listed).hasSize(2);
        JsonNode workflow = server.get("/api/workflows/" + id).json();
        assertThat(workflow.get("total_executions").asInt()).isEqualTo(2);
        assertThat(workflow.get("successful_executions").asInt()).isEqualTo(1);
        assertThat(workflow.get("failed_executions").asInt()).isEqualTo(1);
    }

    @Test
    void byDefaultEveryExecutionKeepsItsData() throws Exception {
        String id = server.create(workflow("{\"history_max_executions\": 5, \"history_max_age_days\": 7}"));

        JsonNode execution = stored(server.runAndWait(id, Map.of("ok", true, "n", 3)));

        assertThat(execution.has("data_saved")).isFalse();
        assertThat(execution.get("output").toString()).contains("\"seen\":3");
        assertThat(TestServer.nodeLog(execution, "code").get("output").get("seen").asInt()).isEqualTo(3);
    }

    @Test
    void unknownSaveModeAndANonPositiveLimitAreRefusedNamingTheField() throws Exception {
        TestServer.Reply sometimes = server.post("/api/workflows", workflow("{\"save_execution_data\": \"sometimes\"}"));
        TestServer.Reply zero = server.post("/api/workflows", workflow("{\"history_max_executions\": 0}"));
        TestServer.Reply negativeAge = server.post("/api/workflows", workflow("{\"history_max_age_days\": -3}"));

        assertRefused(sometimes, "settings.save_execution_data", "'sometimes' is unknown; use all, errors_only or none");
        assertRefused(zero, "settings.history_max_executions", "must be a whole number, 1 or more");
        assertRefused(negativeAge, "settings.history_max_age_days", "must be a whole number, 1 or more");
    }

    private static void assertRefused(TestServer.Reply r, String field, String message) {
        assertThat(r.status()).as(r.text()).isEqualTo(422);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("validation_failed");
        JsonNode details = r.json().at("/error/details");
        assertThat(details).hasSize(1);
        assertThat(details.get(0).get("field").asText()).isEqualTo(field);
        assertThat(details.get(0).get("message").asText()).isEqualTo(field + " " + message);
    }
}
