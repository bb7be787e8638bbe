package io.webops.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import io.webops.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Credentials and one-node workflows (input → the connector node) for the connector tests. */
final class Flows {

    private Flows() {
    }

    static String credential(TestServer server, String kind, Map<String, Object> fields) throws Exception {
        TestServer.Reply r = server.post("/api/credentials", Map.of("name", kind + " test", "kind", kind, "fields", fields));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** A workflow {@code in → node}, the node retried up to {@code maxRetries} times (0: no retry). */
    static String oneNode(TestServer server, String type, String credential, Map<String, Object> config, int maxRetries) throws Exception {
        Map<String, Object> c = new HashMap<>(config);
        if (credential != null) {
            c.put("credential", credential);
        }
        Map<String, Object> node = new HashMap<>(Map.of("id", "node", "type", type, "config", c));
        if (maxRetries > 0) {
            node.put("retry_on_failure", true);
            node.put("max_retries", maxRetries);
        }
        return server.create(Json.write(Map.of("name", type + " flow", "nodes", List.of(
                Map.of("id", "in", "type", "webhook_input"), node),
                "connections", List.of(Map.of("source", "in", "target", "node")))));
    }

}
