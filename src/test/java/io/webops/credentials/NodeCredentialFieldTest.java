package io.webops.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.json.Json;
import io.webops.llm.FakeOpenAi;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * §2's node-level {@code "credential"} beside {@code config}: every node that takes a credential
 * reads it or {@code config.credential}, the node field winning where both are set, and validation
 * names the field the id came from.
 */
class NodeCredentialFieldTest {

    static TestServer server;
    static TestServer bob;
    static HttpServer echo;
    static FakeOpenAi openAi;
    static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("WEBOPS_SSRF_ALLOW", "127.0.0.0/8"));
        bob = server.as(server.userToken("bob-nodecred@webops.test", "editor"));
        echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/echo", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            byte[] body = Json.write(Json.object().put("you_sent", auth)).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        echo.start();
        openAi = new FakeOpenAi();
    }

    @AfterAll
    static void stop() {
        server.close();
        echo.stop(0);
        openAi.close();
    }

    /** An H2 database holding one row that says which database it is, and its credential. */
    static String database(String name) throws Exception {
        String url = "jdbc:h2:mem:nodecred_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", "pw-" + name); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE which (name VARCHAR(20))");
            s.execute("INSERT INTO which VALUES ('" + name + "')");
        }
        return server.credential("db " + name, "database", Map.of("jdbc_url", url, "username", "sa", "password", "pw-" + name));
    }

    static String sqlFlow(String nodeCredential, String configCredential) {
        return flow("""
                {"id": "q", "type": "database_query", %s"config": {%s"query": "select name from which"}}"""
                .formatted(field(nodeCredential), field(configCredential)));
    }

    static String httpFlow(String nodeCredential, String configCredential) {
        return flow("""
                {"id": "call", "type": "api_request", %s"config": {%s"url": "http://127.0.0.1:%d/echo"}}"""
                .formatted(field(nodeCredential), field(configCredential), echo.getAddress().getPort()));
    }

    static String field(String credential) {
        return credential == null ? "" : "\"credential\": \"" + credential + "\", ";
    }

    static String flow(String node) {
        return """
                {"name": "node credential %s", "nodes": [{"id": "in", "type": "webhook_input"}, %s],
                 "connections": [{"source": "in", "target": "%s"}]}"""
                .formatted(UUID.randomUUID(), node, node.contains("\"q\"") ? "q" : "call");
    }

    @Test
    void aSqlNodeWithOnlyTheNodeFieldRuns() throws Exception {
        String sales = database("sales");

        JsonNode ex = server.runAndWait(server.create(sqlFlow(sales, null)), "{}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.at("/output/0").toString()).as(ex.toString()).contains("\"sales\"");
    }

    @Test
    void theNodeFieldWinsOverConfigCredentialForSql() throws Exception {
        String fromConfig = database("fromconfig");
        String fromNode = database("fromnode");

        JsonNode ex = server.runAndWait(server.create(sqlFlow(fromNode, fromConfig)), "{}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.at("/output/0").toString()).as(ex.toString()).contains("\"fromnode\"");
    }

    @Test
    void anHttpNodeWithOnlyTheNodeFieldSendsItsTokenAndTheRecordIsScrubbed() throws Exception {
        String token = "tok-node-field-81c2e7";
        String cred = server.credential("Partner", "http", Map.of("auth", "bearer", "token", token));
        String wf = server.create(httpFlow(cred, null));

        JsonNode ex = server.runAndWait(wf, "{}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(authorizations).contains("Bearer " + token);
        assertThat(ex.toString()).doesNotContain(token).contains("Bearer ***");
        assertThat(server.get("/api/executions/" + ex.get("id").asText()).text()).doesNotContain(token);
    }

    @Test
    void theNodeFieldWinsOverConfigCredentialForHttp() throws Exception {
        String configToken = "tok-config-55aa01";
        String nodeToken = "tok-node-55aa02";
        String inConfig = server.credential("In config", "http", Map.of("auth", "bearer", "token", configToken));
        String onNode = server.credential("On node", "http", Map.of("auth", "bearer", "token", nodeToken));

        JsonNode ex = server.runAndWait(server.create(httpFlow(onNode, inConfig)), "{}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(authorizations).contains("Bearer " + nodeToken).doesNotContain("Bearer " + configToken);
        assertThat(ex.toString()).doesNotContain(nodeToken);
    }

    @Test
    void someoneElsesCredentialInTheNodeFieldIsRefusedLikeAMissingOneNamingTheNodeField() throws Exception {
        String hers = server.credential("Admin API", "http", Map.of("auth", "bearer", "token", "admin-token-9"));
        String missing = "cred-never-made";

        TestServer.Reply refused = bob.post("/api/workflows", httpFlow(hers, null));
        TestServer.Reply none = bob.post("/api/workflows", httpFlow(missing, null));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().at("/error/details/0/field").asText()).isEqualTo("credential");
        assertThat(refused.json().at("/error/details/0/message").asText())
                .isEqualTo("Node 'call': credential '" + hers + "' does not exist; create a http credential and pick it");
        assertThat(none.status()).isEqualTo(422);
        assertThat(Json.write(refused.json().get("error")).replace(hers, "X"))
                .isEqualTo(Json.write(none.json().get("error")).replace(missing, "X"));
    }

    @Test
    void aMissingIdInConfigNamesConfigCredential() throws Exception {
        TestServer.Reply r = server.post("/api/workflows", sqlFlow(null, "cred-gone"));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/error/details/0/field").asText()).isEqualTo("config.credential");
        assertThat(r.json().at("/error/details/0/message").asText())
                .isEqualTo("Node 'q': config.credential 'cred-gone' does not exist; create a database credential and pick it");
    }

    @Test
    void aCredentialOfAnotherKindInTheNodeFieldNamesTheNodeField() throws Exception {
        String github = server.credential("Gh", "github", Map.of("token", "ghp_nodefield"));

        TestServer.Reply r = server.post("/api/workflows", sqlFlow(github, null));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/error/details/0/field").asText()).isEqualTo("credential");
        assertThat(r.json().at("/error/details/0/message").asText())
                .isEqualTo("Node 'q': credential '" + github + "' is a github credential; this node needs a database credential");
    }

    @Test
    void aSqlNodeWithNoCredentialAtAllSaysWhichKindToPick() throws Exception {
        TestServer.Reply r = server.post("/api/workflows", sqlFlow(null, null));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/error/details/0/message").asText())
                .isEqualTo("Node 'q': config.credential is required; create a database credential and pick it");
    }
    @Test
    void anLlmNodeUsesTheOpenaiCredentialOnTheNodeOverTheOneInConfig() throws Exception {
        String inConfig = server.credential("Config key", "openai", Map.of("base_url", openAi.baseUrl(), "api_key", "sk-config-1111"));
        String onNode = server.credential("Node key", "openai", Map.of("base_url", openAi.baseUrl(), "api_key", "sk-node-2222"));
        openAi.reply("hello");
        int before = openAi.requests().size();

        JsonNode ex = server.runAndWait(server.create(flow("""
                {"id": "call", "type": "llm", "credential": "%s", "config": {"credential": "%s", "prompt": "Hi", "model": "m"}}"""
                .formatted(onNode, inConfig))), "{}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(openAi.request(before).header("Authorization")).isEqualTo("Bearer sk-node-2222");
        assertThat(ex.toString()).doesNotContain("sk-node-2222");
    }
}
