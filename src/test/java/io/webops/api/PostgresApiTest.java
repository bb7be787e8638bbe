package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestWorkflows;
import io.webops.TestServer.Reply;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The API on PostgreSQL instead of the embedded H2 (§1, §8); runs only when
 * {@code WEBOPS_TEST_PG_URL} (with {@code _USER}, {@code _PASSWORD}) is set, in a fresh schema
 * that is dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = "WEBOPS_TEST_PG_URL", matches = ".+")
class PostgresApiTest {

    private static final String URL = System.getenv("WEBOPS_TEST_PG_URL");
    private static final String USER = System.getenv("WEBOPS_TEST_PG_USER");
    private static final String PASSWORD = System.getenv("WEBOPS_TEST_PG_PASSWORD");

    private static String schema;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + schema);
        s = TestServer.start(sameDatabase());
    }

    @AfterAll
    static void stop() throws Exception {
        if (s != null) {
            s.close();
        }
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    @Test
    void storesTheServersTablesInThePostgresSchema() throws Exception {
        s.create(TestWorkflows.SOMETIMES_FAILING);

        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FROM " + schema + ".workflows")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void anAgentsOwnerIsKeptInPostgresAndOthersMeetItAsMissingUntilShared() throws Exception {
        TestServer maker = s.as(s.userToken("maker@pg.test", "editor"));
        TestServer other = s.as(s.userToken("other@pg.test", "editor"));
        assertThat(maker.put("/api/agents/pg-helper", java.util.Map.of("name", "Helper", "system_prompt", "Help.")).status())
                .isEqualTo(200);

        assertThat(other.get("/api/agents/pg-helper").status()).isEqualTo(404);
        assertThat(maker.post("/api/agents/pg-helper/share", java.util.Map.of("email", "other@pg.test")).status()).isEqualTo(200);
        assertThat(other.get("/api/agents/pg-helper").status()).isEqualTo(200);
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT owner_id FROM " + schema + ".agent_owners WHERE agent_id = 'pg-helper'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(maker.get("/api/me").json().get("id").asText());
        }
    }

    @Test
    void createsReadsAndRunsAWorkflowWithWait() throws Exception {
        String id = s.create(TestWorkflows.SOMETIMES_FAILING);
        assertThat(s.get("/api/workflows/" + id).json().get("status").asText()).isEqualTo("draft");

        JsonNode ok = s.runAndWait(id, "{\"n\": 1}");
        JsonNode failed = s.runAndWait(id, "{\"n\": 3}");

        assertThat(ok.get("status").asText()).isEqualTo("success");
        assertThat(ok.get("output").get("n").asInt()).isEqualTo(1);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        JsonNode stored = s.get("/api/executions/" + ok.get("id").asText()).json();
        assertThat(stored.get("status").asText()).isEqualTo("success");
        assertThat(stored.get("node_logs")).isNotEmpty();
    }

    @Test
    void statisticsAndPagingAreExactAfterConcurrentRuns() throws Exception {
        int runs = 90;
        String id = s.create(TestWorkflows.SOMETIMES_FAILING);
        Set<String> ids = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<JsonNode>> futures = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                int n = i;
                futures.add(pool.submit(() -> s.runAndWait(id, "{\"n\": " + n + "}")));
            }
            for (Future<JsonNode> f : futures) {
                ids.add(f.get().get("id").asText());
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode wf = settledStatistics(id, runs);
        assertThat(wf.get("total_executions").asLong()).isEqualTo(runs);
        assertThat(wf.get("failed_executions").asLong()).isEqualTo(runs / 3);
        assertThat(wf.get("successful_executions").asLong()).isEqualTo(runs - runs / 3);
        assertThat(wf.get("average_duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(wf.get("last_executed_at").isNull()).isFalse();

        List<String> walked = new ArrayList<>();
        String previousStart = null;
        String cursor = null;
        do {
            Reply page = s.get("/api/executions?workflow_id=" + id + "&limit=8" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            for (JsonNode e : page.json().get("items")) {
                walked.add(e.get("id").asText());
                String started = e.get("started_at").asText();
                if (previousStart != null) {
                    assertThat(java.time.Instant.parse(started)).isBeforeOrEqualTo(java.time.Instant.parse(previousStart));
                }
                previousStart = started;
            }
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
        } while (cursor != null);
        assertThat(walked).doesNotHaveDuplicates();
        assertThat(new HashSet<>(walked)).isEqualTo(ids);

        JsonNode failedPage = s.get("/api/executions?workflow_id=" + id + "&status=failed&limit=200").json();
        assertThat(failedPage.get("items")).hasSize(runs / 3)
                .allSatisfy(e -> assertThat(e.get("status").asText()).isEqualTo("failed"));
    }

    @Test
    void webhookRunsAreStoredInPostgres() throws Exception {
        String path = "pg-" + UUID.randomUUID().toString().substring(0, 8);
        String id = s.create(TestWorkflows.SOMETIMES_FAILING.replace("\"name\": \"every third fails\"",
                "\"name\": \"hooked\", \"trigger\": {\"type\": \"webhook\", \"path\": \"" + path + "\", \"respond\": \"when_finished\"}"));
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);

        Reply r = s.post("/webhooks/" + path, "{\"n\": 4}");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("n").asInt()).isEqualTo(4);
        JsonNode items = s.get("/api/executions?workflow_id=" + id).json().get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("trigger_type").asText()).isEqualTo("webhook");
    }

    @Test
    void versionsAreKeptComparedAndRolledBackInPostgres() throws Exception {
        String path = "pg-versions-" + UUID.randomUUID().toString().substring(0, 8);
        String hooked = TestWorkflows.SOMETIMES_FAILING.replace("\"name\": \"every third fails\"",
                "\"name\": \"hooked\", \"trigger\": {\"type\": \"webhook\", \"path\": \"" + path + "\", \"respond\": \"when_finished\"}");
        String id = s.create(hooked);
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        Reply saved = s.put("/api/workflows/" + id + "?message=double", hooked.replace("{n: n}", "{n: n, doubled: `true`}"));
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(s.post("/webhooks/" + path, "{\"n\": 4}").json().has("doubled")).isTrue();

        JsonNode versions = s.get("/api/workflows/" + id + "/versions?limit=1").json();
        JsonNode diff = s.get("/api/workflows/" + id + "/diff?from=1&to=2").json();
        Reply rolledBack = s.post("/api/workflows/" + id + "/rollback", "{\"version\": 1}");

        assertThat(versions.get("items").get(0).get("message").asText()).isEqualTo("double");
        assertThat(versions.get("next_cursor").isNull()).isFalse();
        assertThat(diff.get("nodes").get("changed").get(0).get("changes").get(0).get("after").asText())
                .isEqualTo("{n: n, doubled: `true`}");
        assertThat(rolledBack.status()).as(rolledBack.text()).isEqualTo(200);
        assertThat(rolledBack.json().get("version").asInt()).isEqualTo(3);
        assertThat(s.post("/webhooks/" + path, "{\"n\": 4}").json().has("doubled")).isFalse();
    }

    @Test
    void statisticsIncludeARunAsSoonAsItsWaitReturns() throws Exception {
        String id = s.create(TestWorkflows.SOMETIMES_FAILING);

        s.runAndWait(id, "{\"n\": 1}");
        JsonNode wf = s.get("/api/workflows/" + id).json();

        assertThat(wf.get("total_executions").asLong()).isEqualTo(1);
        assertThat(wf.get("successful_executions").asLong()).isEqualTo(1);
    }

    @Test
    void startingAnotherInstanceLeavesThisInstancesRunningExecutionsAlone() throws Exception {
        String id = s.create("""
                {"name": "slow", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "wait", "type": "delay", "config": {"seconds": 8}}],
                 "connections": [{"source": "in", "target": "wait"}]}
                """);
        Reply started = s.post("/api/workflows/" + id + "/run", "{}");
        String executionId = started.json().get("id").asText();
        s.get("/api/executions?workflow_id=" + id);

        try (TestServer other = TestServer.start(sameDatabase())) {
            JsonNode seenByOther = other.get("/api/executions/" + executionId).json();
            assertThat(seenByOther.get("status").asText())
                    .as("an instance starting on a shared database must not end the executions other instances are running: "
                            + seenByOther.get("error_message"))
                    .isEqualTo("running");
        }
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        JsonNode ex = s.get("/api/executions/" + executionId).json();
        while ("running".equals(ex.get("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            ex = s.get("/api/executions/" + executionId).json();
        }
        assertThat(ex.get("status").asText()).isEqualTo("success");
    }

    @Test
    void workflowActivatedOnOneInstanceTakesWebhooksOnAnother() throws Exception {
        try (TestServer other = TestServer.start(sameDatabase())) {
            String path = "pg-" + UUID.randomUUID().toString().substring(0, 8);
            String id = s.create(TestWorkflows.SOMETIMES_FAILING.replace("\"name\": \"every third fails\"",
                    "\"name\": \"shared\", \"trigger\": {\"type\": \"webhook\", \"path\": \"" + path + "\", \"respond\": \"when_finished\"}"));
            assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);

            Reply r = null;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                r = other.post("/webhooks/" + path, "{\"n\": 5}");
                if (r.status() == 200) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(r.status()).as("§8: a workflow saved on one instance is deployed on all, any instance takes webhooks; "
                    + "the other instance answered " + r.status()).isEqualTo(200);
        }
    }

    @Test
    void aSignedWebhookTakenByOneInstanceIsRefusedAsAReplayByAnother() throws Exception {
        Map<String, String> shared = new java.util.HashMap<>(sameDatabase()); // both must open the sealed secret
        shared.put("WEBOPS_MASTER_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]));
        try (TestServer one = TestServer.start(shared); TestServer other = TestServer.start(shared)) {
            String path = "pg-" + UUID.randomUUID().toString().substring(0, 8);
            String id = one.create("""
                    {"name": "signed", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished",
                      "auth": {"type": "hmac", "scheme": "github", "secret": "pg-key"}},
                     "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""".formatted(path));
            assertThat(one.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
            String body = "{\"n\": 1}";
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("pg-key".getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
            String signature = "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            Reply first = signed(one, path, body, signature);
            assertThat(first.status()).as(first.text()).isEqualTo(200);

            Reply replay = null;
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) { // until the other instance has deployed the workflow
                replay = signed(other, path, body, signature);
                if (replay.status() != 404) {
                    break;
                }
                Thread.sleep(250);
            }
            assertThat(replay.status()).as(replay.text()).isEqualTo(401);
            assertThat(replay.json().at("/error/message").asText()).contains("replay");
            one.delete("/api/workflows/" + id); // other instances of this class open secrets with their own keys
        }
    }

    private static Reply signed(TestServer server, String path, String body, String signature) throws Exception {
        return server.anonymous().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base + "/webhooks/" + path))
                .header("Content-Type", "application/json").header("X-Hub-Signature-256", signature)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void cronFiresOncePerTickAcrossInstancesSharingTheDatabase() throws Exception {
        String id = s.create("""
                {"name": "shared tick", "trigger": {"type": "schedule", "cron": "* * * * * ?"},
                 "nodes": [{"id": "tick", "type": "transform", "config": {"type": "jmespath", "query": "{at: fired_at}"}}],
                 "connections": []}
                """);
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        List<JsonNode> fired = new ArrayList<>();
        try (TestServer other = TestServer.start(sameDatabase())) {
            Thread.sleep(4_000);
            assertThat(s.post("/api/workflows/" + id + "/disable", "{}").status()).isEqualTo(200);
            other.post("/api/workflows/" + id + "/disable", "{}");
            Thread.sleep(500);
            s.get("/api/executions?workflow_id=" + id + "&limit=200").json().get("items").forEach(fired::add);
        }

        Map<String, Integer> perSecond = new java.util.TreeMap<>();
        for (JsonNode e : fired) {
            String second = s.get("/api/executions/" + e.get("id").asText()).json().get("input").get("fired_at").asText().substring(0, 19);
            perSecond.merge(second, 1, Integer::sum);
        }
        assertThat(perSecond).isNotEmpty();
        assertThat(perSecond.values()).as("§8: each cron fires once across the instances; executions per second: " + perSecond)
                .allSatisfy(n -> assertThat(n).isEqualTo(1));
    }

    /** The workflow once its history has caught up with the runs (waits at most 5 s). */
    private static JsonNode settledStatistics(String id, long runs) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        JsonNode wf = s.get("/api/workflows/" + id).json();
        while (wf.get("total_executions").asLong() < runs && System.nanoTime() < deadline) {
            Thread.sleep(100);
            wf = s.get("/api/workflows/" + id).json();
        }
        return wf;
    }

    private static Map<String, String> sameDatabase() {
        return Map.of(
                "WEBOPS_DB_URL", URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "WEBOPS_DB_USER", USER,
                "WEBOPS_DB_PASSWORD", PASSWORD);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
