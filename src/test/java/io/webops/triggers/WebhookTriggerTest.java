package io.webops.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Webhook triggers (§2, §6): answers, paths, methods, trigger data, authentication and life cycle. */
class WebhookTriggerTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    // ---- answers -----------------------------------------------------------------------------

    @Test
    void whenFinishedAnswers200WithTheExecutionOutput() throws Exception {
        String path = activeWebhook("when_finished", null, """
                {"id": "in", "type": "webhook_input"},
                {"id": "sum", "type": "transform", "config": {"type": "jmespath", "query": "{total: sum(items)}"}}
                """, """
                {"source": "in", "target": "sum"}
                """);

        Reply r = hook(path, "{\"items\": [1, 2, 3]}");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("total").asDouble()).isEqualTo(6.0);
    }

    @Test
    void aJsonBodyPostedAsAFormLikeCurlDoesIsReadAsJsonAndNoRequestHeaderComesBack() throws Exception {
        String path = activeWebhook("when_finished", null, """
                {"id": "in", "type": "webhook_input"},
                {"id": "sum", "type": "transform", "config": {"type": "jmespath", "query": "{total: sum(items)}"}}
                """, """
                {"source": "in", "target": "sum"}
                """);

        Reply r = s.send(HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Caller-Secret", "do-not-echo")
                .POST(HttpRequest.BodyPublishers.ofString("{\"items\": [1, 2, 3]}")));

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("total").asDouble()).isEqualTo(6.0);
        assertThat(r.raw().headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("x-caller-secret"));
    }

    @Test
    void aFormBodyBecomesAnObjectOfItsFields() throws Exception {
        String path = activeWebhook("when_finished", null, """
                {"id": "in", "type": "webhook_input"},
                {"id": "echo", "type": "transform", "config": {"type": "jmespath", "query": "{name: name, tags: tags}"}}
                """, """
                {"source": "in", "target": "echo"}
                """);

        Reply r = s.send(HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=Ada+L%C3%B8velace&tags=a&tags=b")));

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().toString()).isEqualTo("{\"name\":\"Ada Løvelace\",\"tags\":[\"a\",\"b\"]}");
    }

    @Test
    void aMultipartBodyIsA415SayingWhatAWebhookTakesAndStartsNothing() throws Exception {
        String path = activeWebhook("when_finished", null, """
                {"id": "in", "type": "webhook_input"}
                """, "");

        Reply r = s.send(HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + path))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n")));

        assertThat(r.status()).as(r.text()).isEqualTo(415);
        assertThat(r.json().at("/error/message").asText())
                .isEqualTo("A webhook takes JSON, a urlencoded form or text, not multipart/form-data");
        assertThat(s.get("/observe/health").json().get("running_executions").asInt()).isZero();
    }

    @Test
    void aSecondWorkflowOnATakenPathIsRefusedWith409NamingNoOtherWorkflow() throws Exception {
        String path = activeWebhook("immediately", null, """
                {"id": "in", "type": "webhook_input"}
                """, "");
        String first = workflowIdOfPath(path);
        String second = s.create(workflow("{\"type\": \"webhook\", \"path\": \"" + path + "\"}",
                "{\"id\": \"in\", \"type\": \"webhook_input\"}", ""));

        Reply r = s.post("/api/workflows/" + second + "/activate", "{}");

        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(r.json().at("/error/message").asText()).contains("/webhooks/" + path).doesNotContain(first);
        assertThat(hook(path, "{}").status()).as("the first keeps answering").isEqualTo(202);
    }

    @Test
    void respondNodeSetsTheStatusHeadersAndTemplatedBody() throws Exception {
        String path = activeWebhook("when_finished", null, """
                {"id": "in", "type": "webhook_input"},
                {"id": "answer", "type": "respond", "config": {
                  "status": 201,
                  "headers": {"X-Order-Id": "order-{{ data.id }}"},
                  "body": {"message": "hello {{ data.name }}", "order": "{{ data.id }}"}}}
                """, """
                {"source": "in", "target": "answer"}
                """);

        Reply r = hook(path, "{\"id\": 42, \"name\": \"Ada\"}");

        assertThat(r.status()).as(r.text()).isEqualTo(201);
        assertThat(r.raw().headers().firstValue("X-Order-Id")).contains("order-42");
        assertThat(r.json().get("message").asText()).isEqualTo("hello Ada");
        assertThat(r.json().get("order").asText()).isEqualTo("42");
    }

    @Test
    void failingNodeAnswers500WithTheErrorAndTheExecutionId() throws Exception {
        String path = activeWebhook("when_finished", null, """
                {"id": "in", "type": "webhook_input"},
                {"id": "broken", "type": "delay", "config": {"until": "{{ data.when }}"}}
                """, """
                {"source": "in", "target": "broken"}
                """);

        Reply r = hook(path, "{\"when\": \"not-a-time\"}");

        assertThat(r.status()).as(r.text()).isEqualTo(500);
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isNotBlank();
        assertThat(error.get("message").asText()).contains("broken").contains("not-a-time");
        String executionId = error.get("execution_id").asText();
        JsonNode ex = s.get("/api/executions/" + executionId).json();
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.get("trigger_type").asText()).isEqualTo("webhook");
    }

    @Test
    void immediatelyAnswers202WithAnExecutionIdThatThenFinishes() throws Exception {
        String path = activeWebhook("immediately", null, """
                {"id": "in", "type": "webhook_input"},
                {"id": "echo", "type": "transform", "config": {"type": "jmespath", "query": "{seen: value}"}}
                """, """
                {"source": "in", "target": "echo"}
                """);

        Reply r = hook(path, "{\"value\": \"v-1\"}");

        assertThat(r.status()).as(r.text()).isEqualTo(202);
        String executionId = r.json().get("execution_id").asText();
        JsonNode ex = awaitEnded(executionId);
        assertThat(ex.get("status").asText()).isEqualTo("success");
        assertThat(ex.get("trigger_type").asText()).isEqualTo("webhook");
        assertThat(ex.get("input").get("value").asText()).isEqualTo("v-1");
        assertThat(ex.get("output").get("seen").asText()).isEqualTo("v-1");
    }

    // ---- paths, methods, trigger data --------------------------------------------------------

    @Test
    void webhookPathDefaultsToTheWorkflowId() throws Exception {
        String id = s.create(workflow("{\"type\": \"webhook\", \"respond\": \"when_finished\"}", echoNodes(), echoConnections()));
        activate(id);

        Reply r = hook(id, "{\"value\": \"by-id\"}");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("seen").asText()).isEqualTo("by-id");
    }

    @Test
    void refusesAMethodOtherThanTheTriggersMethod() throws Exception {
        String path = activeWebhook("when_finished", null, echoNodes(), echoConnections());
        long before = executionCount(workflowIdOfPath(path));

        Reply r = s.get("/webhooks/" + path);

        assertThat(r.status()).as(r.text()).isGreaterThanOrEqualTo(400);
        assertThat(executionCount(workflowIdOfPath(path))).isEqualTo(before);
    }

    @Test
    void acceptsTheMethodTheTriggerNames() throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String id = s.create(workflow("{\"type\": \"webhook\", \"path\": \"" + path + "\", \"method\": \"PUT\", \"respond\": \"when_finished\"}",
                echoNodes(), echoConnections()));
        activate(id);

        Reply put = s.put("/webhooks/" + path, "{\"value\": \"put\"}");
        Reply post = s.post("/webhooks/" + path, "{\"value\": \"post\"}");

        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.json().get("seen").asText()).isEqualTo("put");
        assertThat(post.status()).as(post.text()).isGreaterThanOrEqualTo(400);
    }

    @Test
    void triggerDataCarriesMethodHeadersAndQuery() throws Exception {
        String path = activeWebhook("when_finished", null, """
                {"id": "in", "type": "webhook_input"},
                {"id": "show", "type": "transform", "config": {"type": "template",
                  "template": "{{ trigger.method }}|{{ trigger.query.source }}|{{ trigger.headers['x-custom'] }}|{{ data.n }}"}}
                """, """
                {"source": "in", "target": "show"}
                """);

        Reply r = s.send(HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + path + "?source=crm&page=2"))
                .header("Content-Type", "application/json")
                .header("X-Custom", "abc")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 7}")));

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("POST|crm|abc|7");
        JsonNode ex = latestExecutionOf(workflowIdOfPath(path));
        JsonNode trigger = ex.get("trigger_data");
        assertThat(trigger.get("method").asText()).isEqualTo("POST");
        assertThat(trigger.get("query").get("source").asText()).isEqualTo("crm");
        assertThat(trigger.get("query").get("page").asText()).isEqualTo("2");
        assertThat(trigger.get("headers").get("x-custom").asText()).isEqualTo("abc");
        assertThat(ex.get("input").get("n").asInt()).isEqualTo(7);
    }

    // ---- authentication ----------------------------------------------------------------------

    @Test
    void headerSecretLetsOnlyTheRightValueThrough() throws Exception {
        String path = activeWebhook("when_finished", """
                {"type": "header", "name": "X-Hook-Token", "value": "s3cret-token"}""", echoNodes(), echoConnections());
        long before = executionCount(workflowIdOfPath(path));

        Reply right = hook(path, "{\"value\": 1}", "X-Hook-Token", "s3cret-token");
        Reply wrong = hook(path, "{\"value\": 1}", "X-Hook-Token", "guess");
        Reply missing = hook(path, "{\"value\": 1}");

        assertThat(right.status()).as(right.text()).isEqualTo(200);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.text()).doesNotContain("s3cret-token");
        assertThat(executionCount(workflowIdOfPath(path))).isEqualTo(before + 1);
    }

    @Test
    void basicAuthLetsOnlyTheRightCredentialsThrough() throws Exception {
        String path = activeWebhook("when_finished", """
                {"type": "basic", "username": "hooker", "password": "pa55word"}""", echoNodes(), echoConnections());

        Reply right = hook(path, "{\"value\": 1}", "Authorization", basic("hooker", "pa55word"));
        Reply wrongPassword = hook(path, "{\"value\": 1}", "Authorization", basic("hooker", "nope"));
        Reply wrongUser = hook(path, "{\"value\": 1}", "Authorization", basic("someone", "pa55word"));
        Reply missing = hook(path, "{\"value\": 1}");

        assertThat(right.status()).as(right.text()).isEqualTo(200);
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongUser.status()).isEqualTo(401);
        assertThat(missing.status()).isEqualTo(401);
    }

    @Test
    void hmacSignatureOfTimestampAndRawBodyLetsOnlySignedRequestsThrough() throws Exception {
        String path = activeWebhook("when_finished", """
                {"type": "hmac", "secret": "hmac-key-1", "header": "X-Signature-256"}""", echoNodes(), echoConnections());
        String body = "{\"value\":  \"signed\" }";
        String now = String.valueOf(java.time.Instant.now().getEpochSecond());

        Reply right = hook(path, body, "X-Webhook-Timestamp", now, "X-Signature-256", "sha256=" + hmacSha256("hmac-key-1", now + "." + body));
        Reply otherKey = hook(path, body, "X-Webhook-Timestamp", now, "X-Signature-256", "sha256=" + hmacSha256("other-key", now + "." + body));
        Reply otherBody = hook(path, "{\"value\": \"signed\"}", "X-Webhook-Timestamp", now,
                "X-Signature-256", "sha256=" + hmacSha256("hmac-key-1", now + "." + body));
        Reply bodyOnly = hook(path, body, "X-Webhook-Timestamp", now, "X-Signature-256", "sha256=" + hmacSha256("hmac-key-1", body));
        Reply missing = hook(path, body);

        assertThat(right.status()).as(right.text()).isEqualTo(200);
        assertThat(right.json().get("seen").asText()).isEqualTo("signed");
        assertThat(otherKey.status()).isEqualTo(401);
        assertThat(otherBody.status()).isEqualTo(401);
        assertThat(bodyOnly.status()).isEqualTo(401);
        assertThat(missing.status()).isEqualTo(401);
    }

    @Test
    void webhookSecretIsMaskedInTheApiAndAPutOfTheMaskKeepsIt() throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String id = s.create(workflow("""
                {"type": "webhook", "path": "%s", "respond": "when_finished",
                 "auth": {"type": "header", "name": "X-Hook-Token", "value": "never-shown-1"}}""".formatted(path),
                echoNodes(), echoConnections()));
        activate(id);

        Reply read = s.get("/api/workflows/" + id);
        assertThat(read.text()).doesNotContain("never-shown-1");
        assertThat(s.get("/api/workflows").text()).doesNotContain("never-shown-1");
        assertThat(s.get("/api/workflows/" + id + "/routes").text()).doesNotContain("never-shown-1");
        JsonNode auth = read.json().get("trigger").get("auth");
        assertThat(auth.get("name").asText()).isEqualTo("X-Hook-Token");
        assertThat(auth.get("value").asText()).isNotEqualTo("never-shown-1");

        ObjectNode edited = (ObjectNode) read.json().deepCopy();
        edited.put("description", "edited with the masked secret sent back");
        Reply put = s.put("/api/workflows/" + id, edited);
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.text()).doesNotContain("never-shown-1");

        assertThat(hook(path, "{\"value\": 1}", "X-Hook-Token", "never-shown-1").status()).isEqualTo(200);
        assertThat(hook(path, "{\"value\": 1}", "X-Hook-Token", auth.get("value").asText()).status()).isEqualTo(401);
    }

    @Test
    void webhookSecretIsNotStoredInPlainText() throws Exception {
        String secret = "plain-" + UUID.randomUUID();
        Path data;
        try (TestServer own = TestServer.start()) {
            data = own.dataDir;
            String id = own.create(workflow("""
                    {"type": "webhook", "respond": "when_finished",
                     "auth": {"type": "hmac", "secret": "%s", "header": "X-Signature-256"}}""".formatted(secret),
                    echoNodes(), echoConnections()));
            assertThat(own.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        }

        List<Path> holding = new ArrayList<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (contains(Files.readAllBytes(f), secret.getBytes(StandardCharsets.UTF_8))) {
                    holding.add(data.relativize(f));
                }
            }
        }
        assertThat(holding).as("files under the data folder holding the webhook secret in plain text "
                + "(§2: kept like a credential's, encrypted)").isEmpty();
    }

    // ---- life cycle --------------------------------------------------------------------------

    @Test
    void pausedWebhookNoLongerTriggersAndActivatingAgainRestoresIt() throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String id = s.create(workflow("{\"type\": \"webhook\", \"path\": \"" + path + "\", \"respond\": \"when_finished\"}",
                echoNodes(), echoConnections()));
        activate(id);
        assertThat(hook(path, "{\"value\": 1}").status()).isEqualTo(200);

        assertThat(s.post("/api/workflows/" + id + "/pause", "{}").json().get("status").asText()).isEqualTo("paused");
        long before = executionCount(id);
        Reply paused = hook(path, "{\"value\": 2}");
        assertThat(paused.status()).as(paused.text()).isIn(404, 503);
        assertThat(executionCount(id)).isEqualTo(before);

        activate(id);
        Reply again = hook(path, "{\"value\": 3}");
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().get("seen").asInt()).isEqualTo(3);
    }

    @Test
    void disabledWebhookIsGone() throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String id = s.create(workflow("{\"type\": \"webhook\", \"path\": \"" + path + "\", \"respond\": \"when_finished\"}",
                echoNodes(), echoConnections()));
        activate(id);
        assertThat(hook(path, "{\"value\": 1}").status()).isEqualTo(200);

        assertThat(s.post("/api/workflows/" + id + "/disable", "{}").json().get("status").asText()).isEqualTo("disabled");

        assertThat(hook(path, "{\"value\": 2}").status()).isEqualTo(404);
    }

    @Test
    void deletedWebhookIsGone() throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String id = s.create(workflow("{\"type\": \"webhook\", \"path\": \"" + path + "\", \"respond\": \"when_finished\"}",
                echoNodes(), echoConnections()));
        activate(id);

        assertThat(s.delete("/api/workflows/" + id).status()).isEqualTo(204);

        assertThat(hook(path, "{\"value\": 2}").status()).isEqualTo(404);
    }

    @Test
    void updatingAnActiveWorkflowSwapsBehaviourForTheNextRequest() throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String trigger = "{\"type\": \"webhook\", \"path\": \"" + path + "\", \"respond\": \"when_finished\"}";
        String id = s.create(workflow(trigger, labelled("v1"), echoConnections()));
        activate(id);
        for (int i = 0; i < 3; i++) {
            Reply r = hook(path, "{}");
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().get("version").asText()).isEqualTo("v1");
        }

        Reply put = s.put("/api/workflows/" + id, workflow(trigger, labelled("v2"), echoConnections()));
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        assertThat(put.json().get("status").asText()).isEqualTo("active");

        for (int i = 0; i < 3; i++) {
            Reply r = hook(path, "{}");
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            assertThat(r.json().get("version").asText()).isEqualTo("v2");
        }
    }

    @Test
    void keepsAnsweringWhileAnActiveWorkflowIsReplaced() throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String trigger = "{\"type\": \"webhook\", \"path\": \"" + path + "\", \"respond\": \"when_finished\"}";
        String id = s.create(workflow(trigger, labelled("v1"), echoConnections()));
        activate(id);

        AtomicBoolean stop = new AtomicBoolean();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> versions = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread caller = new Thread(() -> {
            while (!stop.get()) {
                try {
                    Reply r = hook(path, "{}");
                    if (r.status() != 200) {
                        failures.add(r.status() + " " + r.text());
                    } else {
                        versions.add(r.json().get("version").asText());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        caller.start();
        try {
            for (int v = 2; v <= 6; v++) {
                Thread.sleep(100);
                Reply put = s.put("/api/workflows/" + id, workflow(trigger, labelled("v" + v), echoConnections()));
                assertThat(put.status()).as(put.text()).isEqualTo(200);
            }
            Thread.sleep(200);
        } finally {
            stop.set(true);
            caller.join(10_000);
        }

        assertThat(failures).as("answers other than 200 while the workflow was replaced "
                + "(§6: the old routes serve until the new ones are up)").isEmpty();
        assertThat(versions).contains("v1", "v6");
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static String echoNodes() {
        return """
                {"id": "in", "type": "webhook_input"},
                {"id": "echo", "type": "transform", "config": {"type": "jmespath", "query": "{seen: value}"}}
                """;
    }

    private static String echoConnections() {
        return """
                {"source": "in", "target": "echo"}
                """;
    }

    private static String labelled(String version) {
        return """
                {"id": "in", "type": "webhook_input"},
                {"id": "echo", "type": "transform", "config": {"type": "jmespath", "query": "{version: '%s'}"}}
                """.formatted(version);
    }

    private static String workflow(String trigger, String nodes, String connections) {
        return """
                {"name": "webhook test", "trigger": %s, "nodes": [%s], "connections": [%s]}
                """.formatted(trigger, nodes, connections);
    }

    /** Creates and activates a webhook workflow on a fresh path; returns the path. */
    private static String activeWebhook(String respond, String auth, String nodes, String connections) throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String trigger = "{\"type\": \"webhook\", \"path\": \"" + path + "\", \"respond\": \"" + respond + "\""
                + (auth == null ? "" : ", \"auth\": " + auth) + "}";
        String id = s.create(workflow(trigger, nodes, connections));
        activate(id);
        PATHS.put(path, id);
        return path;
    }

    private static final java.util.Map<String, String> PATHS = new java.util.concurrent.ConcurrentHashMap<>();

    private static String workflowIdOfPath(String path) {
        return PATHS.get(path);
    }

    private static void activate(String id) throws Exception {
        Reply r = s.post("/api/workflows/" + id + "/activate", "{}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("active");
    }

    private static Reply hook(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.base + "/webhooks/" + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return s.send(b);
    }

    private static JsonNode awaitEnded(String executionId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode ex = null;
        while (System.nanoTime() < deadline) {
            Reply r = s.get("/api/executions/" + executionId);
            if (r.status() == 200) {
                ex = r.json();
                if (!"running".equals(ex.get("status").asText()) && !"pending".equals(ex.get("status").asText())) {
                    return ex;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("execution " + executionId + " did not end: " + ex);
    }

    private static JsonNode latestExecutionOf(String workflowId) throws Exception {
        JsonNode items = s.get("/api/executions?workflow_id=" + workflowId + "&limit=1").json().get("items");
        assertThat(items).hasSize(1);
        return s.get("/api/executions/" + items.get(0).get("id").asText()).json();
    }

    private static long executionCount(String workflowId) throws Exception {
        long n = 0;
        String cursor = null;
        do {
            JsonNode page = s.get("/api/executions?limit=200&workflow_id=" + workflowId
                    + (cursor == null ? "" : "&cursor=" + cursor)).json();
            n += page.get("items").size();
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return n;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String hmacSha256(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
