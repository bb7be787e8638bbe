package io.webops.kamelets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kamelet node types through the HTTP API: the catalogue, the admin list, an action run, values refused. */
class KameletWorkflowTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    private static JsonNode nodeType(String id) throws Exception {
        for (JsonNode t : s.get("/api/node-types").json()) {
            if (t.get("type").asText().equals(id)) {
                return t;
            }
        }
        return null;
    }

    @Test
    void theCatalogueOffersTheDefaultSetWithTheirKameletObjectAndNoSecretInTheForm() throws Exception {
        JsonNode pg = nodeType("kamelet:postgresql-sink");
        assertThat(pg).isNotNull();
        assertThat(pg.get("category").asText()).isEqualTo("output");
        assertThat(pg.get("credential_kind").asText()).isEqualTo("kamelet");
        assertThat(pg.at("/config_schema/properties").has("password")).isFalse();
        assertThat(pg.at("/config_schema/properties/serverName/title").asText()).isEqualTo("Server Name");
        assertThat(Json.MAPPER.convertValue(pg.at("/config_schema/required"), java.util.List.class))
                .containsExactly("serverName", "username", "query", "databaseName");
        JsonNode k = pg.get("kamelet");
        assertThat(k.get("name").asText()).isEqualTo("postgresql-sink");
        assertThat(k.get("kind").asText()).isEqualTo("sink");
        assertThat(k.get("group").asText()).isEqualTo("SQL");
        assertThat(k.get("provider").asText()).isEqualTo("SQL");
        assertThat(k.get("secret_properties")).isEqualTo(Json.parse("[\"password\"]"));
        assertThat(k.get("needs")).isEqualTo(Json.parse("[]"));
        JsonNode jsonata = nodeType("kamelet:jsonata-action");
        assertThat(jsonata.get("category").asText()).isEqualTo("processor");
        assertThat(jsonata.get("credential_kind").isNull()).isTrue();
        assertThat(nodeType("kamelet:exec-sink")).isNull();
        assertThat(nodeType("kamelet:aws-s3-sink")).isNull(); // not in the default set
    }

    @Test
    void theAdminListShowsEveryKameletWithItsStatusToAdminsOnly() throws Exception {
        TestServer.Reply r = s.get("/api/admin/kamelets");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("allow").asText()).isEqualTo(KameletPolicy.DEFAULT);
        assertThat(r.json().get("items").size()).isGreaterThan(200);
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        r.json().get("items").forEach(i -> byName.put(i.get("name").asText(), i));
        assertThat(byName.get("exec-sink").get("status").asText()).isEqualTo("refused");
        assertThat(byName.get("exec-sink").get("reason").asText()).contains("command");
        assertThat(byName.get("jsonata-action").get("status").asText()).isEqualTo("enabled");
        assertThat(byName.get("postgresql-sink").get("status").asText()).isEqualTo("enabled");
        JsonNode s3 = byName.get("aws-s3-sink");
        assertThat(s3.get("status").asText()).isEqualTo("not_allowed");
        assertThat(s3.get("provider").asText()).isEqualTo("AWS");
        assertThat(s3.get("needs").toString()).contains("org.apache.camel:camel-aws2-s3");
        String editor = s.userToken("kamelet-editor@webops.test", "editor");
        assertThat(s.as(editor).get("/api/admin/kamelets").status()).isEqualTo(403);
        assertThat(s.anonymous().get("/api/admin/kamelets").status()).isEqualTo(401);
    }

    @Test
    void aJsonataActionTransformsTheInputExactly() throws Exception {
        String id = s.create("""
                {"name": "kamelet jsonata", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "sum", "type": "kamelet:jsonata-action",
                   "config": {"template": "{'customer': $uppercase(customer), 'total': $sum(items.(price * qty))}"}}
                ], "connections": [{"source": "in", "target": "sum"}]}""");
        JsonNode run = s.runAndWait(id, Json.parse("""
                {"customer": "ada", "items": [{"price": 400, "qty": 2}, {"price": 5, "qty": 3}]}"""));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("success");
        assertThat(run.get("output")).isEqualTo(Json.parse("{\"customer\": \"ADA\", \"total\": 815}"));
        String routes = s.get("/api/workflows/" + id + "/routes").text();
        assertThat(routes).contains("kamelet:jsonata-action/").contains("template: \"ref:" + routesPrefix(id));
    }

    private static String routesPrefix(String workflowId) {
        return workflowId + ".v1.sum.resource.template";
    }

    @Test
    void placeholderAndExpressionValuesAreRefusedNamingNodeAndField() throws Exception {
        for (String payload : new String[] {"{{env:HOME}}", "${sys:user.home}", "#bean:dataSource", "x RAW(y)"}) {
            JsonNode doc = Json.parse("""
                    {"name": "bad", "nodes": [{"id": "in", "type": "webhook_input"},
                      {"id": "pg", "type": "kamelet:postgresql-sink", "credential": "cred_x",
                       "config": {"serverName": "127.0.0.1", "username": "u", "databaseName": "d", "query": "q"}}],
                     "connections": [{"source": "in", "target": "pg"}]}""");
            ((com.fasterxml.jackson.databind.node.ObjectNode) doc.at("/nodes/1/config")).put("query", "INSERT " + payload);
            TestServer.Reply r = s.post("/api/workflows/validate", doc);
            assertThat(r.json().get("valid").asBoolean()).isFalse();
            assertThat(r.json().get("errors").toString()).contains("Node 'pg': config.query holds");
        }
    }

    @Test
    void aHostTheSsrfGuardRefusesFailsTheNodeBeforeAnythingIsSent() throws Exception {
        String credential = s.credential("pg ssrf", "kamelet", Map.of("password", "secret-pw"));
        for (String host : new String[] {"169.254.169.254", "10.0.0.1", "metadata.google.internal"}) {
            String id = s.create(Json.write(Map.of("name", "ssrf", "nodes", java.util.List.of(
                    Map.of("id", "in", "type", "webhook_input"),
                    Map.of("id", "pg", "type", "kamelet:postgresql-sink", "credential", credential, "config", Map.of(
                            "serverName", host, "username", "u", "databaseName", "d", "query", "INSERT INTO t VALUES (:#a)"))),
                    "connections", java.util.List.of(Map.of("source", "in", "target", "pg")))));
            JsonNode run = s.runAndWait(id, Json.parse("{\"a\": 1}"));
            assertThat(run.get("status").asText()).isEqualTo("failed");
            JsonNode log = TestServer.nodeLog(run, "pg");
            assertThat(log.get("error").toString()).as(host).contains("config.serverName was refused");
            assertThat(run.toString()).doesNotContain("secret-pw");
        }
    }

    @Test
    void aKameletCredentialIsNeverEchoed() throws Exception {
        String credential = s.credential("echo check", "kamelet", Map.of("password", "never-shown-123"));
        assertThat(s.get("/api/credentials/" + credential).text()).doesNotContain("never-shown-123");
        assertThat(s.get("/api/credentials").text()).doesNotContain("never-shown-123");
    }

    @Test
    void aJsltActionTransformsTheInputExactly() throws Exception {
        String id = s.create("""
                {"name": "kamelet jslt", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "j", "type": "kamelet:jslt-action",
                   "config": {"template": "{\\"who\\": .customer, \\"n\\": size(.items)}"}}
                ], "connections": [{"source": "in", "target": "j"}]}""");
        JsonNode run = s.runAndWait(id, Json.parse("{\"customer\": \"ada\", \"items\": [1, 2, 3]}"));
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("success");
        assertThat(run.get("output")).isEqualTo(Json.parse("{\"who\": \"ada\", \"n\": 3}"));
    }

    @Test
    void requiredPropertiesAreCheckedNamingNodeAndField() throws Exception {
        JsonNode doc = Json.parse("""
                {"name": "missing", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "pg", "type": "kamelet:postgresql-sink", "config": {"serverName": "db.example.com"}}],
                 "connections": [{"source": "in", "target": "pg"}]}""");
        String errors = s.post("/api/workflows/validate", doc).json().get("errors").toString();
        assertThat(errors).contains("Node 'pg': ").contains("config.query").contains("config.databaseName")
                .contains("config.credential");
    }

    @Test
    void aSecretCamelWouldResolveIsRefusedBeforeAnyEndpointIsMade() throws Exception {
        String credential = s.credential("pg braces", "kamelet", Map.of("password", "pw{{env:HOME}}"));
        TestServer.Reply r = s.post("/api/workflows", Json.write(Map.of("name", "braces", "nodes", java.util.List.of(
                Map.of("id", "in", "type", "webhook_input"),
                Map.of("id", "pg", "type", "kamelet:postgresql-sink", "credential", credential, "config", Map.of(
                        "serverName", "127.0.0.1", "username", "u", "databaseName", "d", "query", "INSERT INTO t VALUES (:#a)"))),
                "connections", java.util.List.of(Map.of("source", "in", "target", "pg")))));
        assertThat(r.status()).isEqualTo(201);
        String id = r.json().get("id").asText();
        for (String action : new String[] {"/run?wait=true", "/activate"}) {
            TestServer.Reply refused = s.post("/api/workflows/" + id + action, Map.of("a", 1));
            assertThat(refused.status()).as(action).isEqualTo(422);
            assertThat(refused.json().at("/error/message").asText()).isEqualTo("Node 'pg': the kamelet credential's"
                    + " 'password' holds '{{', which Camel would resolve or split inside the Kamelet; change the secret");
        }
        assertThat(s.get("/api/executions?workflow_id=" + id).json().get("items")).isEmpty();
    }
}
