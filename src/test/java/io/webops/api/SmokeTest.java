package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import org.junit.jupiter.api.Test;

class SmokeTest {

    @Test
    void runsALinearWorkflowOverTheApi() throws Exception {
        try (TestServer s = TestServer.start()) {
            String id = s.create("""
                {"name": "smoke", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "t", "type": "transform", "config": {"type": "jmespath", "query": "{total: sum(items)}"}},
                  {"id": "c", "type": "condition", "config": {"expression": "data.total > 5"}},
                  {"id": "big", "type": "transform", "config": {"type": "template", "template": "big ${total}"}},
                  {"id": "small", "type": "transform", "config": {"type": "template", "template": "small ${total}"}}
                 ],
                 "connections": [
                  {"source": "in", "target": "t"}, {"source": "t", "target": "c"},
                  {"source": "c", "target": "big", "sourceHandle": "true"},
                  {"source": "c", "target": "small", "sourceHandle": "false"}]}
                """);
            JsonNode ex = s.runAndWait(id, "{\"items\": [1, 2, 3]}");
            System.out.println(s.get("/api/workflows/" + id + "/routes").text());
            assertThat(ex.get("status").asText()).isEqualTo("success");
            assertThat(ex.get("output").asText()).isEqualTo("big 6.0");
            System.out.println(s.get("/api/workflows/" + id + "/routes").text());
        }
    }
}
