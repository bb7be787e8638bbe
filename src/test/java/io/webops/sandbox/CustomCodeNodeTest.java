package io.webops.sandbox;

import static io.webops.TestServer.nodeLog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** custom_code end to end: input in, output and console lines out, errors named, validation of the code. */
class CustomCodeNodeTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    static String workflow(String code, int timeoutMs, int memoryMb) {
        return Json.write(Json.parse("""
                {"name": "code", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "code", "type": "custom_code", "config": {"language": "javascript", "code": "", "timeout_ms": %d, "memory_mb": %d}}],
                 "connections": [{"source": "in", "target": "code"}]}""".formatted(timeoutMs, memoryMb)))
                .replace("\"code\":\"\"", "\"code\":" + Json.write(Json.NODES.textNode(code)));
    }

    @Test
    void returnsTheOutputComputedFromTheInputAndLogsConsoleLines() throws Exception {
        String id = s.create(workflow("""
                console.log('items', input.items.length, {first: input.items[0]});
                const total = input.items.reduce((a, i) => a + i.price, 0);
                return {total, names: input.items.map(i => i.name.toUpperCase()), big: total > 10};""", 1000, 64));
        JsonNode run = s.runAndWait(id, "{\"items\": [{\"name\": \"a\", \"price\": 4}, {\"name\": \"b\", \"price\": 9}]}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("success");
        assertThat(run.get("output")).isEqualTo(Json.parse("{\"total\": 13, \"names\": [\"A\", \"B\"], \"big\": true}"));
        JsonNode log = nodeLog(run, "code");
        assertThat(log.at("/details/console/0").asText()).isEqualTo("items 2 {\"first\":{\"name\":\"a\",\"price\":4}}");
        JsonNode stored = s.get("/api/executions/" + run.get("id").asText()).json();
        assertThat(nodeLog(stored, "code").at("/details/console")).isEqualTo(log.at("/details/console"));
    }

    @Test
    void undefinedBecomesNullAndAThrownErrorFailsTheNodeNamingTheLine() throws Exception {
        JsonNode nothing = s.runAndWait(s.create(workflow("const x = 1;", 1000, 64)), Map.of());
        assertThat(nothing.get("status").asText()).isEqualTo("success");
        assertThat(nothing.get("output").isNull()).isTrue();

        JsonNode thrown = s.runAndWait(s.create(workflow("const a = 1;\nthrow new Error('bad order ' + input.id);", 1000, 64)),
                Map.of("id", 7));
        assertThat(thrown.get("status").asText()).isEqualTo("failed");
        assertThat(thrown.get("error_message").asText()).contains("Node 'code'").contains("bad order 7").contains("line 2");
    }

    @Test
    void codeThatDoesNotParseIsAValidationErrorOnTheField() throws Exception {
        TestServer.Reply r = s.post("/api/workflows", workflow("return {;", 1000, 64));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/error/details/0/field").asText()).isEqualTo("config.code");
        assertThat(r.json().at("/error/details/0/message").asText()).contains("Node 'code'").contains("does not compile");
        assertThat(s.post("/api/workflows", workflow("return 1;", 0, 64)).status()).isEqualTo(422);
        assertThat(s.post("/api/workflows", workflow("return 1;", 1000, 5000)).status()).isEqualTo(422);
    }

}
