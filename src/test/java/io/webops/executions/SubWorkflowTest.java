package io.webops.executions;

import static io.webops.TestServer.nodeLog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** sub_workflow: the child runs with the parent's data, its output comes back, its failure is the node's. */
class SubWorkflowTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static String child(String expression) throws Exception {
        return s.create("""
                {"name": "child", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "shape", "type": "transform", "config": {"type": "jmespath", "query": "%s"}}],
                 "connections": [{"source": "in", "target": "shape"}]}""".formatted(expression));
    }

    static String parent(String childId, String extra) throws Exception {
        return s.create("""
                {"name": "parent", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "call", "type": "sub_workflow", "config": {"workflow": "%s"%s}}],
                 "connections": [{"source": "in", "target": "call"}]}""".formatted(childId, extra));
    }

    @Test
    void theChildsOutputBecomesTheNodesOutput() throws Exception {
        String child = child("{count: length(items), parent: `true`}");
        JsonNode ex = s.runAndWait(parent(child, ""), "{\"items\": [{\"price\": 2}, {\"price\": 3}]}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        JsonNode call = nodeLog(ex, "call");
        assertThat(call.get("output").toString()).isEqualTo("{\"count\":2,\"parent\":true}");
        String childExecution = call.at("/details/execution_id").asText();
        JsonNode childEx = s.get("/api/executions/" + childExecution).json();
        assertThat(childEx.get("workflow_id").asText()).isEqualTo(child);
        assertThat(childEx.get("trigger_type").asText()).isEqualTo("sub_workflow");
        assertThat(childEx.at("/trigger_data/parent_execution_id").asText()).isEqualTo(ex.get("id").asText());
    }

    @Test
    void aRenderedInputIsWhatTheChildGets() throws Exception {
        String child = child("{got: name}");
        JsonNode ex = s.runAndWait(parent(child, ", \"input\": {\"name\": \"{{ data.user.first }}\"}"),
                "{\"user\": {\"first\": \"Ada\"}}");
        assertThat(nodeLog(ex, "call").get("output").toString()).isEqualTo("{\"got\":\"Ada\"}");
    }

    @Test
    void aFailingChildFailsTheNodeWithItsError() throws Exception {
        String failing = s.create("""
                {"name": "failing", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "boom", "type": "api_request", "config": {"url": "http://127.0.0.1:1/nothing"}}],
                 "connections": [{"source": "in", "target": "boom"}]}""");
        JsonNode ex = s.runAndWait(parent(failing, ""), "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(nodeLog(ex, "call").get("error").asText())
                .startsWith("Node 'call': workflow '" + failing + "' ended failed (execution ");
    }

    @Test
    void aWorkflowCallingItselfStopsAtTheNestingLimit() throws Exception {
        String self = s.create("""
                {"name": "self", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "again", "type": "sub_workflow", "config": {"workflow": "PLACEHOLDER"}}],
                 "connections": [{"source": "in", "target": "again"}]}""");
        String doc = s.get("/api/workflows/" + self).json().toString().replace("PLACEHOLDER", self);
        assertThat(s.put("/api/workflows/" + self, doc).status()).isEqualTo(200);

        JsonNode ex = s.runAndWait(self, "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.toString()).contains("nested 8 deep");
    }

    @Test
    void withoutWaitTheNodeAnswersTheChildsExecutionId() throws Exception {
        String child = child("{ok: `1`}");
        JsonNode ex = s.runAndWait(parent(child, ", \"wait\": false"), "{}");
        JsonNode out = nodeLog(ex, "call").get("output");
        assertThat(out.get("execution_id").asText()).isNotBlank();
    }

    @Test
    void anUnknownWorkflowIsAClearError() throws Exception {
        JsonNode ex = s.runAndWait(parent("no-such-workflow", ""), "{}");
        assertThat(nodeLog(ex, "call").get("error").asText()).isEqualTo("Workflow 'no-such-workflow' does not exist");
    }

}
