package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import io.webops.model.ValidationError;
import io.webops.validation.ExpectedErrors;
import io.webops.validation.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Invalid documents over HTTP (§6): validate answers every problem, create and replace answer
 * 422 with the one error shape and save nothing, bad bodies and unknown ids get their codes.
 */
class ValidationApiTest {

    private static final Path MANY_PROBLEMS = Fixtures.folder("validation/invalid").resolve("many-problems-at-once.json");
    private static final String VALID = """
            {"name": "valid", "nodes": [
              {"id": "in", "type": "webhook_input", "position": {"x": 10, "y": 20}},
              {"id": "shape", "type": "transform", "config": {"query": "{n: n}"}}],
             "connections": [{"source": "in", "target": "shape"}]}
            """;

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void validateNamesEveryProblemOfADocument() throws Exception {
        TestServer.Reply r = server.post("/api/workflows/validate", Fixtures.json(MANY_PROBLEMS));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("valid").asBoolean()).isFalse();
        ExpectedErrors.assertExactly("POST /api/workflows/validate",
                Fixtures.json(Fixtures.beside(MANY_PROBLEMS, ".expected.json")), errors(r.json().get("errors")));
        for (JsonNode e : r.json().get("errors")) {
            assertThat(e.fieldNames()).toIterable().isSubsetOf("node_id", "connection", "field", "message");
        }
    }

    @Test
    void validateAnswersValidForACleanDocument() throws Exception {
        TestServer.Reply r = server.post("/api/workflows/validate", VALID);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(Json.parse("{\"valid\": true, \"errors\": []}"));
    }

    @Test
    void createRejectsAnInvalidDocumentWith422AndSavesNothing() throws Exception {
        int before = server.get("/api/workflows?limit=200").json().get("items").size();

        TestServer.Reply r = server.post("/api/workflows", Fixtures.json(MANY_PROBLEMS));

        assertThat(r.status()).isEqualTo(422);
        assertValidationFailed(r);
        assertThat(server.get("/api/workflows?limit=200").json().get("items")).hasSize(before);
    }

    @Test
    void createIs422ForEachKindOfInvalidDocument() throws Exception {
        int before = server.get("/api/workflows?limit=200").json().get("items").size();
        for (Path file : Fixtures.workflows("validation/invalid")) {
            TestServer.Reply r = server.post("/api/workflows", Fixtures.json(file));
            assertThat(r.status()).as(Fixtures.name(file)).isEqualTo(422);
            assertThat(r.json().at("/error/code").asText()).as(Fixtures.name(file)).isEqualTo("validation_failed");
        }
        assertThat(server.get("/api/workflows?limit=200").json().get("items")).hasSize(before);
    }

    @Test
    void replaceWithAnInvalidDocumentKeepsTheStoredWorkflowAndItsRoutes() throws Exception {
        String id = server.create(VALID);
        assertThat(server.post("/api/workflows/" + id + "/activate", "").status()).isEqualTo(200);
        JsonNode stored = server.get("/api/workflows/" + id).json();
        String routes = server.get("/api/workflows/" + id + "/routes").text();

        TestServer.Reply r = server.put("/api/workflows/" + id, Fixtures.json(MANY_PROBLEMS));

        assertThat(r.status()).isEqualTo(422);
        assertValidationFailed(r);
        JsonNode after = server.get("/api/workflows/" + id).json();
        assertThat(after).isEqualTo(stored);
        assertThat(after.get("version").asInt()).isEqualTo(stored.get("version").asInt());
        assertThat(server.get("/api/workflows/" + id + "/routes").text()).isEqualTo(routes);
    }

    @Test
    void malformedJsonIs400InvalidJson() throws Exception {
        String id = server.create(VALID);
        List<TestServer.Reply> replies = List.of(
                server.post("/api/workflows/validate", "{\"name\": \"x\", \"nodes\": ["),
                server.post("/api/workflows", "{\"name\": "),
                server.put("/api/workflows/" + id, "not json at all"));
        for (TestServer.Reply r : replies) {
            assertThat(r.status()).as(r.text()).isEqualTo(400);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_json");
            assertThat(r.json().at("/error/message").asText()).isNotBlank();
        }
    }

    @Test
    void unknownWorkflowIs404NotFound() throws Exception {
        List<TestServer.Reply> replies = List.of(
                server.get("/api/workflows/no-such-workflow"),
                server.put("/api/workflows/no-such-workflow", VALID),
                server.delete("/api/workflows/no-such-workflow"),
                server.get("/api/workflows/no-such-workflow/routes"));
        for (TestServer.Reply r : replies) {
            assertThat(r.status()).as(r.text()).isEqualTo(404);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("not_found");
            assertThat(r.json().at("/error/message").asText()).contains("no-such-workflow");
        }
    }

    /** Exactly {"error": {"code": "validation_failed", "message", "details": [the validator's errors]}}. */
    private static void assertValidationFailed(TestServer.Reply r) throws Exception {
        assertThat(r.json().fieldNames()).toIterable().containsExactly("error");
        JsonNode error = r.json().get("error");
        assertThat(error.fieldNames()).toIterable().containsExactlyInAnyOrder("code", "message", "details");
        assertThat(error.get("code").asText()).isEqualTo("validation_failed");
        assertThat(error.get("message").asText()).isNotBlank();
        ExpectedErrors.assertExactly("error.details", Fixtures.json(Fixtures.beside(MANY_PROBLEMS, ".expected.json")),
                errors(error.get("details")));
    }

    private static List<ValidationError> errors(JsonNode array) throws Exception {
        List<ValidationError> out = new ArrayList<>();
        for (JsonNode e : array) {
            out.add(Json.MAPPER.treeToValue(e, ValidationError.class));
        }
        return out;
    }
}
