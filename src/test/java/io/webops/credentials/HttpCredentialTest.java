package io.webops.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.json.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP nodes authenticate with an http credential; the secret reaches the server it is meant
 * for and nothing else: not the routes, not the execution record, even when the server echoes it.
 */
class HttpCredentialTest {

    static TestServer server;
    static HttpServer echo;
    static final List<String> authorizations = new CopyOnWriteArrayList<>();
    static final List<String> apiKeys = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        echo.createContext("/echo", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String key = ex.getRequestHeaders().getFirst("X-Api-Key");
            authorizations.add(String.valueOf(auth));
            apiKeys.add(String.valueOf(key));
            byte[] body = Json.write(Json.object().put("you_sent", auth).put("key", key)).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        echo.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        echo.stop(0);
    }

    static String workflow(String credentialId) {
        return """
                {"name": "authenticated call", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "call", "type": "api_request", "config": {"url": "http://127.0.0.1:%d/echo", "credential": "%s"}}],
                 "connections": [{"source": "in", "target": "call"}]}""".formatted(echo.getAddress().getPort(), credentialId);
    }

    @Test
    void aBearerTokenIsSentButScrubbedFromEverythingRecorded() throws Exception {
        String token = "tok-3f9a1c2e-secret";
        String cred = server.credential("Partner", "http", Map.of("auth", "bearer", "token", token));
        String wf = server.create(workflow(cred));

        JsonNode ex = server.runAndWait(wf, "{}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(authorizations).contains("Bearer " + token);
        assertThat(ex.toString()).doesNotContain(token).contains("Bearer ***");
        assertThat(server.get("/api/executions/" + ex.get("id").asText()).text()).doesNotContain(token);
        assertThat(server.get("/api/workflows/" + wf + "/routes").text()).doesNotContain(token);
        assertThat(server.get("/api/workflows/" + wf).text()).doesNotContain(token);
        assertThat(server.server().camel().getRoutes()).as("the call went through the webops-http-action Kamelet")
                .anySatisfy(r -> assertThat(r.getRouteId()).startsWith("webops-http-action"));
    }

    @Test
    void basicAndHeaderCredentialsAddTheirOwnHeaders() throws Exception {
        String basic = server.credential("Basic", "http", Map.of("auth", "basic", "username", "ada", "password", "lovelace-1815"));
        server.runAndWait(server.create(workflow(basic)), "{}");
        assertThat(authorizations).contains("Basic " + java.util.Base64.getEncoder()
                .encodeToString("ada:lovelace-1815".getBytes(StandardCharsets.UTF_8)));

        String header = server.credential("Key", "http", Map.of("auth", "header", "header_name", "X-Api-Key", "header_value", "key-77aa99"));
        JsonNode ex = server.runAndWait(server.create(workflow(header)), "{}");
        assertThat(apiKeys).contains("key-77aa99");
        assertThat(ex.toString()).doesNotContain("key-77aa99");
    }

    @Test
    void aMissingCredentialIsRefusedWhenSaving() throws Exception {
        TestServer.Reply r = server.post("/api/workflows", workflow("cred_nope"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/error/details/0/node_id").asText()).isEqualTo("call");
        assertThat(r.json().at("/error/details/0/field").asText()).isEqualTo("config.credential");
    }

    @Test
    void aCredentialOfAnotherKindIsRefusedWhenSaving() throws Exception {
        String smtp = server.credential("Mail", "smtp", Map.of("host", "mail.example.com", "port", 587, "from", "a@example.com"));
        TestServer.Reply r = server.post("/api/workflows", workflow(smtp));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.text()).contains("is a smtp credential; this node needs a http or github credential");
    }
}
