package io.webops.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.api.OfficialTemplates;
import io.webops.api.TemplateGallery;
import io.webops.auth.Caller;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.nodes.NodeTypes;
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

    /**
     * Valid once a credential of each kind it needs is picked, as the gallery asks for, and what the template says to
     * give when it is used is given: the workflow an event trigger follows, the secret a webhook checks.
     */
    @Test
    void everyOfficialTemplateIsAValidWorkflowOnceItsCredentialsArePicked() {
        NodeTypes types = NodeTypes.standard();
        Validator validator = new Validator(types, id -> java.util.Optional.of(id.substring("picked-".length())));
        try (Store store = Store.inMemory()) {
            TemplateGallery gallery = new TemplateGallery(new OfficialTemplates(), store.templates(), types, id -> java.util.Optional.empty());
            JsonNode all = gallery.list(Caller.SYSTEM, null);
            assertThat(all.size()).as("the seed's five use cases and ten more").isEqualTo(15);
            for (JsonNode t : all) {
                ObjectNode request = Json.object();
                t.get("credential_kinds").forEach(k -> request.with("credentials").put(k.asText(), "picked-" + k.asText()));
                if (t.at("/workflow/trigger/type").asText().equals("event")) {
                    request.with("trigger").put("workflow", "wf-followed");
                }
                if (t.at("/workflow/trigger/auth").isObject()) {
                    request.with("trigger").set("auth", t.at("/workflow/trigger/auth").deepCopy());
                    request.with("trigger").with("auth").put("secret", "webhook-secret");
                }
                JsonNode workflow = gallery.workflow(t.get("id").asText(), request, Caller.SYSTEM);
                assertThat(validator.validate(workflow).errors()).as(t.get("id").asText()).isEmpty();
                assertThat(t.get("name").asText()).isNotBlank();
                assertThat(t.get("description").asText()).isNotBlank();
                assertThat(TemplateGallery.CATEGORIES).contains(t.get("category").asText());
                assertThat(t.get("source").asText()).isEqualTo("official");
            }
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
        assertThat(monitoring.get("node_types").toString()).isEqualTo("[\"api_request\",\"condition\",\"state\",\"webhook_output\"]");
        assertThat(monitoring.get("credential_kinds").toString()).isEqualTo("[\"http\"]");
        assertThat(server.get("/api/templates/api-monitoring").json().get("category").asText()).isEqualTo("monitoring");
        assertThat(server.get("/api/templates/nope").status()).isEqualTo(404);
    }

    @Test
    void instantiatingSavesADraftWithTheGivenName() throws Exception {
        String status = server.credential("Status page", "http", Map.of("auth", "bearer", "token", "template-test-token"));
        TestServer.Reply r = server.post("/api/templates/api-monitoring/instantiate",
                Map.of("name", "Watch the shop", "credentials", Map.of("http", status)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("draft");
        assertThat(r.json().get("name").asText()).isEqualTo("Watch the shop");
        JsonNode saved = server.get("/api/workflows/" + r.json().get("id").asText()).json();
        assertThat(Json.write(saved)).contains("\"cron\":\"*/5 * * * *\"");
        assertThat(saved.at("/nodes/0/credential").asText()).as("the pick goes on the node (§2)").isEqualTo(status);
        assertThat(saved.at("/nodes/0/config/credential").isMissingNode()).as("and only there").isTrue();
        assertThat(saved.at("/nodes/2/credential").isMissingNode()).as("the alert hook gets no token meant for the status API").isTrue();
        assertThat(saved.at("/nodes/2/config/credential").isMissingNode()).isTrue();
        assertThat(server.post("/api/templates/nope/instantiate", Map.of()).status()).isEqualTo(404);
        TestServer.Reply unpicked = server.post("/api/templates/data-etl/instantiate", Map.of());
        assertThat(unpicked.status()).isEqualTo(422);
        assertThat(unpicked.json().at("/error/details/0/field").asText()).isEqualTo("config.credential");
    }
}
