package io.webops.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.json.Json;
import io.webops.llm.FakeOpenAi;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * §10.4: a workflow exported from the API runs on stock Camel in a JVM of its own ({@code org.apache.camel.main.Main},
 * this project's classes as a library, no database, engine server or API) and answers its webhook as the runtime does.
 */
class ExportedWorkflowTest {

    private static TestServer server;
    private static HttpServer rates;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        rates = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        rates.createContext("/rate", exchange -> {
            byte[] body = "{\"rate\": 1.25}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        rates.start();
    }

    @AfterAll
    static void stop() {
        rates.stop(0);
        server.close();
    }

    private static String workflow(String path) {
        return """
            {"name": "exported orders", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished"},
             "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "shape", "type": "transform", "config": {"type": "jmespath",
                "query": "{id: order.id, total: order.total, count: length(order.items)}"}},
              {"id": "check", "type": "condition", "config": {"expression": "data.total > 100"}},
              {"id": "big", "type": "transform", "config": {"type": "jmespath", "query": "{id: id, total: total, tier: 'big'}"}},
              {"id": "small", "type": "transform", "config": {"type": "jmespath", "query": "{id: id, total: total, tier: 'small'}"}},
              {"id": "rate", "type": "api_request", "config": {"url": "http://127.0.0.1:%d/rate"}},
              {"id": "rated", "type": "transform", "config": {"type": "template", "template": "rate {{ data.body.rate }} for {{ nodes.in.order.id }}"}}],
             "connections": [
              {"source": "in", "target": "shape"}, {"source": "shape", "target": "check"},
              {"source": "check", "target": "big", "sourceHandle": "true"},
              {"source": "check", "target": "small", "sourceHandle": "false"},
              {"source": "in", "target": "rate"}, {"source": "rate", "target": "rated"}]}"""
                .formatted(path, rates.getAddress().getPort());
    }

    @Test
    void anExportedWorkflowRunsOnCamelMainAndAnswersAsTheRuntimeDoes() throws Exception {
        String id = server.create(workflow("orders-export"));
        assertThat(server.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        Path dir = Files.createTempDirectory("webops-export");
        unzip(export(id), dir);
        assertThat(dir.resolve(id + ".camel.yaml")).exists();
        assertThat(dir.resolve("kamelets/webops-http-action.kamelet.yaml")).exists();
        assertThat(dir.resolve("README.md")).content().contains("org.apache.camel.main.Main");

        int port = TestServer.freePort();
        Process camel = camelMain(dir, port);
        try {
            String base = "http://127.0.0.1:" + port;
            awaitListening(base + "/webhooks/orders-export", camel, dir);
            for (String order : List.of("{\"order\": {\"id\": \"A-1\", \"total\": 250, \"items\": [1, 2]}}",
                    "{\"order\": {\"id\": \"A-2\", \"total\": 20, \"items\": [1]}}")) {
                HttpResponse<String> runtime = post(server.base + "/webhooks/orders-export", order);
                HttpResponse<String> exported = post(base + "/webhooks/orders-export", order);
                assertThat(exported.statusCode()).as(exported.body()).isEqualTo(runtime.statusCode()).isEqualTo(200);
                assertThat(Json.parse(exported.body())).isEqualTo(Json.parse(runtime.body()));
                assertThat(exported.headers().firstValue("Content-Type")).isEqualTo(runtime.headers().firstValue("Content-Type"));
            }
            JsonNode big = Json.parse(post(base + "/webhooks/orders-export",
                    "{\"order\": {\"id\": \"A-3\", \"total\": 101, \"items\": []}}").body());
            assertThat(big.get("big").get("tier").asText()).isEqualTo("big");
            assertThat(big.get("rated").asText()).isEqualTo("rate 1.25 for A-3");
        } finally {
            camel.destroy();
            camel.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExportedKameletNodeRunsTheStockKameletOnCamelMain() throws Exception {
        String id = server.create("""
            {"name": "exported kamelet", "trigger": {"type": "webhook", "path": "kamelet-export", "respond": "when_finished"},
             "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "total", "type": "kamelet:jsonata-action", "config": {"template": "{'order': id, 'total': $sum(lines.amount)}"}}],
             "connections": [{"source": "in", "target": "total"}]}""");
        assertThat(server.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        Path dir = Files.createTempDirectory("webops-export");
        unzip(export(id), dir);
        assertThat(dir.resolve(id + ".camel.yaml")).content().contains("kamelet:jsonata-action/");
        int port = TestServer.freePort();
        Process camel = camelMain(dir, port);
        try {
            String base = "http://127.0.0.1:" + port;
            awaitListening(base + "/webhooks/kamelet-export", camel, dir);
            String order = "{\"id\": \"K-1\", \"lines\": [{\"amount\": 2}, {\"amount\": 3}]}";
            HttpResponse<String> runtime = post(server.base + "/webhooks/kamelet-export", order);
            HttpResponse<String> exported = post(base + "/webhooks/kamelet-export", order);
            assertThat(exported.statusCode()).as(exported.body()).isEqualTo(runtime.statusCode()).isEqualTo(200);
            assertThat(Json.parse(exported.body())).isEqualTo(Json.parse(runtime.body()))
                    .isEqualTo(Json.parse("{\"order\": \"K-1\", \"total\": 5}"));
        } finally {
            camel.destroy();
            camel.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExportedGoogleSheetsNodeSendsThroughTheRuntimesComponentOnCamelMain() throws Exception {
        TestServer.Reply credential = server.post("/api/credentials", java.util.Map.of("name", "sheets", "kind", "google",
                "fields", java.util.Map.of("client_id", "c", "client_secret", "client-secret-never-exported", "refresh_token", "r")));
        assertThat(credential.status()).as(credential.text()).isEqualTo(201);
        String id = server.create("""
            {"name": "exported sheet", "trigger": {"type": "webhook", "path": "sheets-export", "respond": "when_finished"},
             "nodes": [
              {"id": "in", "type": "webhook_input"},
              {"id": "sheet", "type": "google_sheets", "config": {"credential": "%s", "spreadsheet_id": "s1", "range": "A1:B"}},
              {"id": "handle", "type": "error_handler"}],
             "connections": [{"source": "in", "target": "sheet"},
                             {"source": "sheet", "target": "handle", "sourceHandle": "error"}]}"""
                .formatted(credential.json().get("id").asText()));
        Path dir = Files.createTempDirectory("webops-export");
        unzip(export(id), dir);
        assertThat(dir.resolve(id + ".camel.yaml")).content().contains("google-sheets:data/get")
                .doesNotContain("client-secret-never-exported");
        int port = TestServer.freePort();
        Process camel = camelMain(dir, port);
        try {
            String base = "http://127.0.0.1:" + port;
            awaitListening(base + "/webhooks/sheets-export", camel, dir);
            HttpResponse<String> exported = post(base + "/webhooks/sheets-export", "{}");
            // the route loaded with the runtime's google-sheets component and the node ran: it fails only for want of
            // the credential, which stays in the server's vault
            assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
            assertThat(exported.body()).contains("is not available: this run has no credential vault")
                    .doesNotContain("client-secret-never-exported");
        } finally {
            camel.destroy();
            camel.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void anExportedLlmNodeCallsItsModelThroughLangchain4jChatOnCamelMain() throws Exception {
        String id = server.create("""
            {"name": "exported llm", "trigger": {"type": "webhook", "path": "llm-export", "respond": "when_finished"},
             "nodes": [{"id": "in", "type": "webhook_input"},
              {"id": "ask", "type": "llm", "config": {"prompt": "Summarize: {{ data.text }}", "temperature": 0.5}}],
             "connections": [{"source": "in", "target": "ask"}]}""");
        Path dir = Files.createTempDirectory("webops-export");
        unzip(export(id), dir);
        assertThat(Files.readString(dir.resolve(id + ".camel.yaml"))).contains("langchain4j-chat:").doesNotContain("Summarize");

        try (FakeOpenAi fake = new FakeOpenAi()) {
            fake.reply("Exported summary.");
            int port = TestServer.freePort();
            Process camel = camelMain(dir, port, "-Dwebops.llm.base.url=" + fake.baseUrl(),
                    "-Dwebops.llm.api.key=sk-exported-app-key", "-Dwebops.llm.model=export-model");
            try {
                String base = "http://127.0.0.1:" + port;
                awaitListening(base + "/webhooks/llm-export", camel, dir);
                HttpResponse<String> answer = post(base + "/webhooks/llm-export", "{\"text\": \"a long report\"}");
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(Json.parse(answer.body()).toString()).contains("Exported summary.");
                assertThat(fake.requests()).hasSize(1);
                assertThat(fake.request(0).header("Authorization")).isEqualTo("Bearer sk-exported-app-key");
                assertThat(fake.request(0).body().get("model").asText()).isEqualTo("export-model");
                assertThat(fake.request(0).text("user")).isEqualTo("Summarize: a long report\n");
            } finally {
                camel.destroy();
                camel.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theExportHoldsNoWebhookSecretAndTheExportedAppWantsItInItsProperties() throws Exception {
        String id = server.create("""
            {"name": "secret hook", "trigger": {"type": "webhook", "path": "secret-export",
              "auth": {"type": "header", "name": "X-Token", "value": "s3cr3t-v4lue-never-exported"}},
             "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""");
        Path dir = Files.createTempDirectory("webops-export");
        unzip(export(id), dir);
        List<String> everything = new ArrayList<>();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                everything.add(Files.readString(f));
            }
        }
        String yaml = Files.readString(dir.resolve(id + ".camel.yaml"));
        java.util.regex.Matcher definition = java.util.regex.Pattern.compile("definition: \"([A-Za-z0-9+/=]+)\"").matcher(yaml);
        assertThat(definition.find()).as(yaml).isTrue();
        everything.add(new String(java.util.Base64.getDecoder().decode(definition.group(1)), StandardCharsets.UTF_8));
        assertThat(String.join("\n", everything)).doesNotContain("s3cr3t-v4lue-never-exported");
        assertThat(dir.resolve("application.properties")).content().contains(ExportedWorkflow.SECRET_PREFIX + "value=");
    }

    @Test
    void onlyCamelIsAKnownExportFormat() throws Exception {
        String id = server.create(workflow("orders-format"));
        assertThat(server.get("/api/workflows/" + id + "/export?format=zapier").status()).isEqualTo(400);
    }

    private static byte[] export(String id) throws Exception {
        HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(server.base + "/api/workflows/" + id
                        + "/export?format=camel")).header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
        return r.body();
    }

    private static void unzip(byte[] zip, Path dir) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path target = dir.resolve(e.getName()).normalize();
                assertThat(target.startsWith(dir)).as(e.getName()).isTrue();
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
            }
        }
    }

    /** The README's command: Camel's own main class, this project's classes and dependencies as the class path. */
    private static Process camelMain(Path dir, int port, String... options) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dcamel.main.property-placeholder-location=file:application.properties",
                "-Dcamel.server.port=" + port,
                "-Dwebops.ssrf.allow=127.0.0.0/8"));
        command.addAll(List.of(options));
        command.add("org.apache.camel.main.Main");
        return new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(new File(dir.toFile(), "camel.log")).start();
    }

    private static void awaitListening(String url, Process camel, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!camel.isAlive()) {
                throw new AssertionError("Camel main ended:\n" + Files.readString(dir.resolve("camel.log")));
            }
            try {
                HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 404) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Camel main did not listen:\n" + Files.readString(dir.resolve("camel.log")));
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
