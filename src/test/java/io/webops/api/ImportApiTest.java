package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import io.webops.json.Json;
import io.webops.validation.Fixtures;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/workflows/import}: an export of n8n or Node-RED becomes a saved draft with its report, and once
 * activated it answers its webhook as the original tool would for that flow; documents not of their format get a 400
 * naming what is missing.
 */
class ImportApiTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static JsonNode fixture(String path) {
        return Fixtures.json(Fixtures.folder("import").resolve(path));
    }

    private static Reply importing(String format, JsonNode document) throws Exception {
        return s.post("/api/workflows/import", Map.of("format", format, "document", document));
    }

    private static Reply webhook(String path, String body) throws Exception {
        return s.send(HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String reportOf(JsonNode report, String node) {
        for (JsonNode r : report) {
            if (r.path("node").asText().equals(node)) {
                return r.path("status").asText();
            }
        }
        throw new AssertionError(node + " is not in the report " + report);
    }

    @Test
    void anN8nWebhookSetIfRespondFlowAnswersAsN8nWould() throws Exception {
        Reply imported = importing("n8n", fixture("n8n/order-tiers.json"));
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        JsonNode workflow = imported.json().get("workflow");
        assertThat(workflow.get("status").asText()).isEqualTo("draft");
        assertThat(reportOf(imported.json().get("report"), "Big order?")).isEqualTo("mapped");
        assertThat(reportOf(imported.json().get("report"), "Airtable")).isEqualTo("unsupported");
        assertThat(s.get("/api/workflows/" + workflow.get("id").asText()).json().get("nodes")).hasSize(6);

        assertThat(s.post("/api/workflows/" + workflow.get("id").asText() + "/activate", Map.of()).status()).isEqualTo(200);
        Reply big = webhook("n8n-order-tiers", "{\"customer\": \"ada\", \"price\": 60, \"qty\": 2}");
        assertThat(big.status()).as(big.text()).isEqualTo(201);
        assertThat(big.json()).isEqualTo(Json.parse("{\"tier\": \"big\", \"customer\": \"ada\", \"total\": 120}"));

        Reply small = webhook("n8n-order-tiers", "{\"customer\": \"bob\", \"price\": 10, \"qty\": 1}");
        assertThat(small.status()).as(small.text()).isEqualTo(200);
        assertThat(small.json()).isEqualTo(Json.parse(
                "{\"tier\": \"small\", \"order\": {\"customer\": \"bob\", \"received\": 10}}"));
    }

    @Test
    void aNodeRedHttpInChangeSwitchHttpResponseFlowAnswersAsNodeRedWould() throws Exception {
        Reply imported = importing("node-red", fixture("node-red/grade-order.json"));
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        assertThat(reportOf(imported.json().get("report"), "Big?")).isEqualTo("mapped");
        assertThat(reportOf(imported.json().get("report"), "Publish grade")).isEqualTo("unsupported");
        String id = imported.json().at("/workflow/id").asText();

        assertThat(s.post("/api/workflows/" + id + "/activate", Map.of()).status()).isEqualTo(200);
        Reply big = webhook("nr-grade", "{\"customer\": \"ada\", \"items\": [{\"price\": 100, \"qty\": 2}, "
                + "{\"price\": 40, \"qty\": 1}]}");
        assertThat(big.status()).as(big.text()).isEqualTo(200);
        assertThat(big.json()).isEqualTo(Json.parse("{\"customer\": \"ada\", \"total\": 240, \"tier\": \"big\"}"));

        Reply small = webhook("nr-grade", "{\"customer\": \"bob\", \"items\": [{\"price\": 5, \"qty\": 2}]}");
        assertThat(small.status()).as(small.text()).isEqualTo(200);
        assertThat(small.json()).isEqualTo(Json.parse(
                "{\"customer\": \"bob\", \"total\": 10, \"tier\": \"small\", \"note\": \"thanks bob\"}"));
    }

    @Test
    void aNodeRedSplitChangeJoinFlowAnswersAsNodeRedWould() throws Exception {
        Reply imported = importing("node-red", fixture("node-red/double-each.json"));
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        String id = imported.json().at("/workflow/id").asText();
        assertThat(s.post("/api/workflows/" + id + "/activate", Map.of()).status()).isEqualTo(200);
        Reply doubled = webhook("nr-double", "[1, 2, 3]");
        assertThat(doubled.status()).as(doubled.text()).isEqualTo(200);
        assertThat(doubled.json()).isEqualTo(Json.parse("[2, 4, 6]"));
    }

    @Test
    void theProductsOwnDocumentImportsAsANewDraftWithoutItsCredentials() throws Exception {
        String original = s.create("""
                {"name": "own", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "shape", "type": "transform", "config": {"type": "jsonata", "query": "{'n': n + 1}"}}],
                 "connections": [{"source": "in", "target": "shape"}]}""");
        JsonNode exported = s.get("/api/workflows/" + original).json();
        Reply imported = importing("webops", exported);
        assertThat(imported.status()).as(imported.text()).isEqualTo(201);
        String copy = imported.json().at("/workflow/id").asText();
        assertThat(copy).isNotEqualTo(original);
        assertThat(imported.json().get("report")).isEqualTo(Json.parse("""
                [{"node": "in", "status": "mapped", "reason": "webhook_input"},
                 {"node": "shape", "status": "mapped", "reason": "transform"}]"""));
        assertThat(s.runAndWait(copy, Json.object().put("n", 1)).at("/output/n").asInt()).isEqualTo(2);
    }

    @Test
    void aDocumentNotOfItsFormatIsA400NamingWhatIsMissing() throws Exception {
        Map<String, Object> cases = Map.of(
                "The n8n document has no connections object", Map.of("format", "n8n", "document", Map.of("nodes", java.util.List.of())),
                "A Node-RED document is an array of nodes", Map.of("format", "node-red", "document", Map.of("nodes", java.util.List.of())),
                "format 'zapier' is unknown; use n8n, node-red or webops", Map.of("format", "zapier", "document", Map.of()),
                "format is required", Map.of("document", Map.of()),
                "document is required", Map.of("format", "n8n"),
                "n8n node 'Fetch' has no type", Map.of("format", "n8n", "document", Map.of("connections", Map.of(),
                        "nodes", java.util.List.of(Map.of("name", "Fetch")))));
        for (Map.Entry<String, Object> c : cases.entrySet()) {
            Reply r = s.post("/api/workflows/import", c.getValue());
            assertThat(r.status()).as(c.getKey()).isEqualTo(400);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_request");
            assertThat(r.json().at("/error/message").asText()).startsWith(c.getKey());
        }
    }

    @Test
    void viewersMayNotImport() throws Exception {
        TestServer viewer = s.as(s.userToken("import-viewer@webops.test", "viewer"));
        Reply r = viewer.post("/api/workflows/import", Map.of("format", "node-red", "document",
                fixture("node-red/grade-order.json")));
        assertThat(r.status()).isEqualTo(403);
    }
}
