package io.webops.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.api.Templates;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Json;
import io.webops.validation.Validator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official templates: each one a valid workflow, listed in the gallery, instantiated as a draft. */
class TemplatesTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyOfficialTemplateIsAValidWorkflow() {
        NodeTypes types = NodeTypes.standard();
        Validator validator = new Validator(types);
        JsonNode all = new Templates(types).list();
        assertThat(all.size()).isGreaterThanOrEqualTo(1);
        for (JsonNode t : all) {
            assertThat(validator.validate(t.get("workflow")).errors()).as(t.get("id").asText()).isEmpty();
            assertThat(t.get("name").asText()).isNotBlank();
            assertThat(t.get("description").asText()).isNotBlank();
        }
    }

    @Test
    void theGalleryListsEachTemplateWithItsNodeTypes() throws Exception {
        TestServer.Reply r = server.get("/api/templates");
        assertThat(r.status()).isEqualTo(200);
        JsonNode monitoring = null;
        for (JsonNode t : r.json().get("items")) {
            if (t.get("id").asText().equals("api-monitoring")) {
                monitoring = t;
            }
        }
        assertThat(monitoring).isNotNull();
        assertThat(monitoring.get("node_types").toString()).isEqualTo("[\"api_request\",\"condition\",\"webhook_output\"]");
        assertThat(server.get("/api/templates/api-monitoring").json().get("category").asText()).isEqualTo("monitoring");
        assertThat(server.get("/api/templates/nope").status()).isEqualTo(404);
    }

    @Test
    void instantiatingSavesADraftWithTheGivenName() throws Exception {
        TestServer.Reply r = server.post("/api/templates/api-monitoring/instantiate", Map.of("name", "Watch the shop"));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("draft");
        assertThat(r.json().get("name").asText()).isEqualTo("Watch the shop");
        JsonNode saved = server.get("/api/workflows/" + r.json().get("id").asText()).json();
        assertThat(Json.write(saved)).contains("\"cron\":\"*/5 * * * *\"");
        assertThat(server.post("/api/templates/nope/instantiate", Map.of()).status()).isEqualTo(404);
    }
}
