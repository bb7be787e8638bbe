package io.webops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JSONata wherever a workflow takes a transform or a condition: nodes, connections, filter items. */
class JsonataWorkflowTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static final String ORDERS = """
            {"name": "jsonata everywhere", "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "big", "type": "filter", "config": {"language": "jsonata", "path": "items",
                "condition": "$item.price * $item.qty >= 100"}},
              {"id": "any", "type": "condition", "config": {"language": "jsonata", "expression": "$count(items) > 0"}},
              {"id": "sum", "type": "transform", "config": {"type": "jsonata",
                "query": "{'customer': $nodes.in.customer, 'total': $sum(items.(price * qty))}"}},
              {"id": "vip", "type": "transform", "config": {"type": "jmespath", "query": "{vip: customer}"}},
              {"id": "none", "type": "transform", "config": {"type": "jmespath", "query": "{none: `true`}"}}
            ], "connections": [
              {"source": "in", "target": "big"},
              {"source": "big", "target": "any"},
              {"source": "any", "target": "sum", "sourceHandle": "true"},
              {"source": "any", "target": "none", "sourceHandle": "false"},
              {"source": "sum", "target": "vip", "condition": {"language": "jsonata", "expression": "total > 500"},
               "transform": {"type": "jsonata", "query": "$merge([$, {'customer': $uppercase(customer)}])"}}
            ]}""";

    @Test
    void aFilterAConditionNodeATransformAndAConnectionAllRunJsonata() throws Exception {
        String id = s.create(ORDERS);
        JsonNode large = s.runAndWait(id, Json.parse("""
                {"customer": "ada", "items": [{"price": 400, "qty": 2}, {"price": 5, "qty": 3}]}"""));
        assertThat(large.get("status").asText()).isEqualTo("success");
        assertThat(TestServer.nodeLog(large, "sum").get("output"))
                .isEqualTo(Json.parse("{\"customer\": \"ada\", \"total\": 800}"));
        assertThat(large.get("output")).isEqualTo(Json.parse("{\"vip\": \"ADA\"}"));

        JsonNode small = s.runAndWait(id, Json.parse("""
                {"customer": "bob", "items": [{"price": 120, "qty": 1}]}"""));
        assertThat(TestServer.nodeLog(small, "vip").get("status").asText()).isEqualTo("skipped");
        assertThat(TestServer.nodeLog(small, "none").get("status").asText()).isEqualTo("skipped");

        JsonNode empty = s.runAndWait(id, Json.parse("""
                {"customer": "cy", "items": [{"price": 1, "qty": 1}]}"""));
        assertThat(empty.get("output")).isEqualTo(Json.parse("{\"none\": true}"));
    }
}
