package io.webops.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.runtime.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node that produces too much, too deep or for too long fails on its own; the runtime goes on serving. */
class RunawayNodeTest {

    private static final int CAP = 64 * 1024;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(Map.of("WEBOPS_NODE_MAX_OUTPUT_BYTES", String.valueOf(CAP)));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void anOutputAboveTheConfiguredCapFailsItsNodeNamingTheCapAndOneBelowPasses() throws Exception {
        String id = s.create(chain("jmespath", "{a: s, b: s}"));
        JsonNode over = s.runAndWait(id, Json.object().put("s", "x".repeat(40 * 1024)));
        assertThat(over.get("status").asText()).isEqualTo("failed");
        assertThat(TestServer.nodeLog(over, "t").get("error").asText())
                .isEqualTo("Node 't': output is larger than 64 KB (WEBOPS_NODE_MAX_OUTPUT_BYTES)");

        JsonNode under = s.runAndWait(id, Json.object().put("s", "x".repeat(20 * 1024)));
        assertThat(under.get("status").asText()).isEqualTo("success");
        assertThat(under.at("/output/b").asText()).hasSize(20 * 1024);
    }

    @Test
    void aConnectionTransformOutputAboveTheCapFailsItsSourceNode() throws Exception {
        String id = s.create("""
                {"name": "big connection", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "out", "type": "webhook_input"}],
                 "connections": [{"source": "in", "target": "out",
                   "transform": {"type": "jmespath", "query": "[s, s, s]"}}]}""");
        JsonNode run = s.runAndWait(id, Json.object().put("s", "x".repeat(30 * 1024)));
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error_message").asText())
                .endsWith("Connection 'in' -> 'out': transform output is larger than 64 KB (WEBOPS_NODE_MAX_OUTPUT_BYTES)");
    }

    @Test
    void anOutputNestedDeeperThanTheJsonLimitFailsItsNode() throws Exception {
        String id = s.create(chain("jslt", "def nest(n) if ($n > 0) [nest($n - 1)] else 0  nest(300)"));
        JsonNode run = s.runAndWait(id, Json.object());
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(TestServer.nodeLog(run, "t").get("error").asText())
                .isEqualTo("Node 't': output is nested deeper than 256 levels, the most the runtime accepts");
    }

    /** webhook_input 'in' -> transform 't' with the query. */
    static String chain(String language, String query) {
        return Json.write(Map.of("name", "runaway " + language,
                "nodes", java.util.List.of(Map.of("id", "in", "type", "webhook_input"),
                        Map.of("id", "t", "type", "transform", "config", Map.of("type", language, "query", query))),
                "connections", java.util.List.of(Map.of("source", "in", "target", "t"))));
    }
}
