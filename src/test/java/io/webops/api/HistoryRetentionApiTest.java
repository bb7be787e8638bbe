package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime prunes its history in the background by the instance's limits, and health reports the pruner. */
class HistoryRetentionApiTest {

    private static final String WORKFLOW = """
            {"name": "kept", "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}
            """;

    @Test
    void theServerKeepsTheNewestExecutionsPerWorkflowAndReportsThePruner() throws Exception {
        try (TestServer s = TestServer.start(Map.of("WEBOPS_HISTORY_MAX_PER_WORKFLOW", "2",
                "WEBOPS_HISTORY_PRUNE_SECONDS", "1"))) {
            String id = s.create(WORKFLOW);
            List<String> runs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                runs.add(s.runAndWait(id, Map.of("n", i)).get("id").asText());
            }

            JsonNode items = null;
            for (long deadline = System.currentTimeMillis() + 15_000; System.currentTimeMillis() < deadline; ) {
                items = s.get("/api/executions?workflow_id=" + id).json().get("items");
                if (items.size() == 2) {
                    break;
                }
                Thread.sleep(200);
            }

            assertThat(items).extracting(e -> e.get("id").asText()).containsExactly(runs.get(4), runs.get(3));
            assertThat(s.get("/api/executions/" + runs.get(0)).status()).isEqualTo(404);
            assertThat(s.get("/api/workflows/" + id).json().get("total_executions").asInt()).isEqualTo(5);
            assertThat(s.get("/observe/health").json().at("/workers/webops-history-pruner/status").asText()).isEqualTo("UP");
        }
    }
}
