package io.webops;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.cli.Server;
import io.webops.cli.Settings;
import io.webops.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The real runtime on a random port with its own data folder, and a small JSON client for it. The server starts
 * with an admin ({@link #ADMIN_EMAIL}) whose API token every request carries, unless it names its own
 * {@code Authorization}; {@link #as} and {@link #anonymous} give clients of the same server that send another
 * token or none.
 */
public final class TestServer implements AutoCloseable {

    public static final String ADMIN_EMAIL = "admin@webops.test";
    public static final String ADMIN_PASSWORD = "admin-password-1";
    public static final String ADMIN_TOKEN = "wo_test-admin-token-0123456789abcdef";

    public record Reply(int status, JsonNode json, String text, HttpResponse<String> raw) {
    }

    private final Server server;
    private final HttpClient client;
    private final String token;
    private final boolean ownsServer;
    public final String base;
    public final Path dataDir;

    private TestServer(Server server, Path dataDir, HttpClient client, String token, boolean ownsServer) {
        this.server = server;
        this.dataDir = dataDir;
        this.client = client;
        this.token = token;
        this.ownsServer = ownsServer;
        this.base = "http://127.0.0.1:" + server.port();
    }

    /** A client of the same server sending this API token (closing it leaves the server running). */
    public TestServer as(String apiToken) {
        return new TestServer(server, dataDir, client, apiToken, false);
    }

    /** A client of the same server sending no credentials. */
    public TestServer anonymous() {
        return as(null);
    }

    /** Creates an account with the role (as the admin) and answers an API token of it. */
    public String userToken(String email, String role) throws Exception {
        TestServer admin = as(ADMIN_TOKEN);
        Reply created = admin.post("/api/users", Map.of("email", email, "password", "password-of-" + email, "role", role));
        if (created.status() != 201) {
            throw new AssertionError("user not created: " + created.status() + " " + created.text());
        }
        Reply t = anonymous().post("/api/auth/token", Map.of("email", email, "password", "password-of-" + email));
        if (t.status() != 201) {
            throw new AssertionError("token not issued: " + t.status() + " " + t.text());
        }
        return t.json().get("token").asText();
    }

    public static TestServer start() throws Exception {
        return start(Map.of());
    }

    /** Starts on H2 under a fresh temp folder, or on PostgreSQL when WEBOPS_TEST_PG_URL is set and asked for. */
    public static TestServer start(Map<String, String> extra) throws Exception {
        Path data = Files.createTempDirectory("webops-test");
        Map<String, String> env = new HashMap<>();
        env.put("WEBOPS_PORT", String.valueOf(freePort()));
        env.put("WEBOPS_DATA", data.toString());
        env.put("WEBOPS_SSRF_ALLOW", "127.0.0.0/8");
        env.put("WEBOPS_RETRY_INITIAL_DELAY_MS", "50");
        env.put("WEBOPS_RETRY_MAX_DELAY_MS", "200");
        env.put("WEBOPS_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("WEBOPS_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("WEBOPS_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("WEBOPS_SIGNIN_RATE_PER_MINUTE", "6000");
        env.put("WEBOPS_DRAIN_SECONDS", "0"); // closing ends what still runs at once (GracefulStopTest drains)
        env.putAll(extra);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new TestServer(new Server(Settings.from(env)).start(), data, client, ADMIN_TOKEN, true);
    }

    public Server server() {
        return server;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply delete(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE());
    }

    public Reply post(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))));
    }

    public Reply put(String path, Object body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))));
    }

    public Reply send(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        if (token != null && built.headers().firstValue("Authorization").isEmpty()) {
            built = HttpRequest.newBuilder(built, (name, value) -> true).header("Authorization", "Bearer " + token).build();
        }
        HttpResponse<String> r = client.send(built, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        try {
            json = r.body().isEmpty() ? null : Json.parse(r.body());
        } catch (IllegalArgumentException notJson) {
            // text answers (YAML, metrics) stay in text
        }
        return new Reply(r.statusCode(), json, r.body(), r);
    }

    /** Creates a workflow from a JSON text and returns its id. */
    public String create(String workflowJson) throws Exception {
        Reply r = post("/api/workflows", workflowJson);
        if (r.status() != 201) {
            throw new AssertionError("create failed: " + r.status() + " " + r.text());
        }
        return r.json().get("id").asText();
    }

    /** Stores a credential and returns its id. */
    public String credential(String name, String kind, Map<String, ?> fields) throws Exception {
        Reply r = post("/api/credentials", Map.of("name", name, "kind", kind, "fields", fields));
        if (r.status() != 201) {
            throw new AssertionError("credential failed: " + r.status() + " " + r.text());
        }
        return r.json().get("id").asText();
    }

    /** The log entry of one node in an execution answer; fails the test when the node has none. */
    public static JsonNode nodeLog(JsonNode execution, String nodeId) {
        for (JsonNode l : execution.get("node_logs")) {
            if (l.get("node_id").asText().equals(nodeId)) {
                return l;
            }
        }
        throw new AssertionError("no log of node " + nodeId + " in " + execution);
    }

    /** Runs a workflow by hand and waits for the finished execution. */
    public JsonNode runAndWait(String id, Object input) throws Exception {
        Reply r = post("/api/workflows/" + id + "/run?wait=true", input);
        if (r.status() != 200) {
            throw new AssertionError("run failed: " + r.status() + " " + r.text());
        }
        return r.json();
    }

    @Override
    public void close() {
        if (ownsServer) {
            server.close();
        }
    }
}
