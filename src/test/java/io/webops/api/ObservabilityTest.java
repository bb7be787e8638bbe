package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

    private static final String FAILING_NODE = """
        {"name": "metrics", "nodes": [
          {"id": "in", "type": "webhook_input"},
          {"id": "bad", "type": "filter", "config": {"path": "rows", "condition": "item.ok"}},
          {"id": "catch", "type": "error_handler"}],
         "connections": [{"source": "in", "target": "bad"}, {"source": "bad", "target": "catch", "sourceHandle": "error"}]}""";

    @Test
    void healthAndPrometheusMetricsPerWorkflowAndNode() throws Exception {
        try (TestServer s = TestServer.start()) {
            String id = s.create(FAILING_NODE);
            s.runAndWait(id, "{\"rows\": [{\"ok\": true}]}");
            s.runAndWait(id, "{\"rows\": 5}");

            TestServer.Reply health = s.get("/observe/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("status").asText()).isEqualTo("UP");

            String metrics = s.get("/observe/metrics").text();
            String bad = "routeGroup=\"" + id + "\",routeId=\"" + id + ".v1.bad\"";
            assertThat(metrics)
                    .contains("webops_executions_total{workflow=\"" + id + "\",status=\"success\"} 2")
                    .contains("camel_exchanges_total{camelContext=\"webops\",eventType=\"route\",kind=\"CamelRoute\","
                            + "routeGroup=\"" + id + "\",routeId=\"" + id + ".v1.in\"} 2.0")
                    .contains("camel_exchanges_total{camelContext=\"webops\",eventType=\"route\",kind=\"CamelRoute\"," + bad + "} 2.0")
                    .contains("camel_exchanges_failures_handled_total{camelContext=\"webops\",eventType=\"route\",kind=\"CamelRoute\","
                            + bad + "} 1.0")
                    .contains("camel_exchanges_total{camelContext=\"webops\",eventType=\"route\",kind=\"CamelRoute\","
                            + "routeGroup=\"" + id + "\",routeId=\"" + id + ".v1.catch\"} 1.0")
                    .contains("camel_route_policy_seconds_count{camelContext=\"webops\",eventType=\"route\",kind=\"CamelRoute\","
                            + bad + "} 2")
                    .contains("camel_route_policy_seconds_sum{camelContext=\"webops\",eventType=\"route\",kind=\"CamelRoute\"," + bad + "} ")
                    .contains("webops_node_seconds_total{workflow=\"" + id + "\",node=\"bad\",type=\"filter\"} ")
                    .doesNotContain("eventType=\"context\"")
                    .contains("camel_routes_running_routes{")
                    .doesNotContain("webops_node_runs_total");
            // the consoles not served are gone, the event console's notifier with them
            assertThat(s.server().camel().getManagementStrategy().getEventNotifiers())
                    .noneMatch(n -> n.getClass().getName().startsWith("org.apache.camel.impl.console."));
            assertThat(DevConsoleRegistry.get(s.server().camel()).stream().map(DevConsole::getId))
                    .isNotEmpty().allMatch(ObserveRoutes.CONSOLES::contains);
        }
    }

    @Test
    void metricsAreForAdminsAndHealthShowsOthersOnlyNamesAndStates() throws Exception {
        try (TestServer s = TestServer.start()) {
            TestServer editor = s.as(s.userToken("editor@webops.test", "editor"));
            assertThat(editor.get("/observe/metrics").status()).isEqualTo(403);
            assertThat(s.anonymous().get("/observe/metrics").status()).isEqualTo(401);

            JsonNode admin = s.get("/observe/health").json();
            assertThat(names(admin)).containsExactlyInAnyOrder("context", "database", "scheduler", "workers", "routes");
            assertThat(admin.at("/workers/webops-watchdog/status").asText()).isEqualTo("UP");
            assertThat(admin.has("running_executions")).isTrue();

            for (TestServer other : List.of(s.anonymous(), editor)) {
                TestServer.Reply r = other.get("/observe/health");
                assertThat(r.status()).isEqualTo(200);
                assertThat(names(r.json())).containsExactlyInAnyOrder("context", "database", "scheduler", "workers", "routes");
                for (JsonNode check : r.json().get("checks")) {
                    assertThat(check.fieldNames()).toIterable().containsExactlyInAnyOrder("name", "status");
                }
                assertThat(r.json().fieldNames()).toIterable().containsExactlyInAnyOrder("status", "checks");
            }
        }
    }

    static List<String> names(JsonNode health) {
        List<String> names = new ArrayList<>();
        health.get("checks").forEach(c -> names.add(c.get("name").asText()));
        return names;
    }
}
