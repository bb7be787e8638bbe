package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

    @Test
    void healthAndPrometheusMetricsPerWorkflowAndNode() throws Exception {
        try (TestServer s = TestServer.start()) {
            String id = s.create("""
                {"name": "metrics", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "bad", "type": "filter", "config": {"path": "rows", "condition": "item.ok"}},
                  {"id": "catch", "type": "error_handler"}],
                 "connections": [{"source": "in", "target": "bad"}, {"source": "bad", "target": "catch", "sourceHandle": "error"}]}""");
            s.runAndWait(id, "{\"rows\": [{\"ok\": true}]}");
            s.runAndWait(id, "{\"rows\": 5}");

            TestServer.Reply health = s.get("/observe/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("UP");

            String metrics = s.get("/observe/metrics").text();
            assertThat(metrics)
                    .contains("webops_executions_total{workflow=\"" + id + "\",status=\"success\"} 2")
                    .contains("webops_node_runs_total{workflow=\"" + id + "\",node=\"in\",type=\"webhook_input\",status=\"success\"} 2")
                    .contains("webops_node_runs_total{workflow=\"" + id + "\",node=\"bad\",type=\"filter\",status=\"success\"} 1")
                    .contains("webops_node_runs_total{workflow=\"" + id + "\",node=\"bad\",type=\"filter\",status=\"failed\"} 1")
                    .contains("webops_node_runs_total{workflow=\"" + id + "\",node=\"catch\",type=\"error_handler\",status=\"success\"} 1");
        }
    }
}
