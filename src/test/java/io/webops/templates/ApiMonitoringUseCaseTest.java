package io.webops.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official api-monitoring template, instantiated and run on its schedule (every 5 s here) against a loopback
 * endpoint: exactly one alert per failing check (5xx, timeout, unreachable), one "recovered" when it is back, nothing
 * while it is up.
 */
class ApiMonitoringUseCaseTest {

    /** What the watched endpoint does with one request. */
    enum Answer { OK, UNAVAILABLE, SILENCE }

    static TestServer server;
    static HttpServer alerts;
    /** The alerts posted, by path: each test's workflow posts to a path of its own. */
    static final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        alerts = loopback();
        alerts.createContext("/alerts/", ex -> {
            received.computeIfAbsent(ex.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>())
                    .add(Json.parse(ex.getRequestBody().readAllBytes()));
            answer(ex, 200, "{}");
        });
        alerts.start();
    }

    @AfterAll
    static void stop() {
        alerts.stop(0);
        server.close();
    }

    @Test
    void alertsOnA503AndOnSilenceAndSaysRecoveredOnce() throws Exception {
        // the node waits 1 s for an answer and tries once more: the silent check takes two requests
        List<Answer> script = List.of(Answer.OK, Answer.UNAVAILABLE, Answer.SILENCE, Answer.SILENCE, Answer.OK);
        AtomicInteger requests = new AtomicInteger();
        HttpServer endpoint = loopback();
        endpoint.createContext("/health", ex -> {
            Answer a = script.get(Math.min(requests.getAndIncrement(), script.size() - 1));
            switch (a) {
                case OK -> answer(ex, 200, "{\"status\": \"ok\"}");
                case UNAVAILABLE -> answer(ex, 503, "{\"status\": \"maintenance\"}");
                case SILENCE -> sleep(Duration.ofSeconds(4)); // never answers within the node's timeout
            }
            ex.close();
        });
        endpoint.start();
        try {
            String id = monitor("Watch the shop", "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/health", "/alerts/shop");
            activate(id);

            List<JsonNode> runs = awaitFinishedRuns(id, 5, Duration.ofSeconds(60));
            assertThat(server.post("/api/workflows/" + id + "/pause", "{}").status()).isEqualTo(200);

            assertThat(runs).allSatisfy(r -> assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("success"));
            List<JsonNode> posted = received.getOrDefault("/alerts/shop", List.of());
            List<String> seen = new ArrayList<>();
            posted.forEach(a -> seen.add(a.get("status").asText() + " " + a.get("reason").asText()));
            assertThat(seen).as("the alerts, in order").containsExactly("down HTTP 503", "down Timeout", "recovered HTTP 200");
            assertThat(posted.get(0).get("text").asText()).isEqualTo("Health check failed: the endpoint answered HTTP 503");
            assertThat(posted.get(1).get("text").asText()).startsWith("Health check failed: Node 'health': GET http://127.0.0.1:"
                    + endpoint.getAddress().getPort() + "/health got no answer within 1000 ms (timeout)");
            assertThat(posted.get(2).get("text").asText()).isEqualTo("Health check recovered: the endpoint answers HTTP 200 again");
        } finally {
            endpoint.stop(0);
        }
    }

    @Test
    void alertsOnceWhenTheHostCannotBeReached() throws Exception {
        String id = monitor("Watch the closed port", "http://127.0.0.1:" + TestServer.freePort() + "/health", "/alerts/closed");
        activate(id);

        awaitFinishedRuns(id, 1, Duration.ofSeconds(30));
        assertThat(server.post("/api/workflows/" + id + "/pause", "{}").status()).isEqualTo(200);
        Thread.sleep(500); // the alert of the run that ended is out by now

        List<JsonNode> posted = received.getOrDefault("/alerts/closed", List.of());
        assertThat(posted).hasSize(1);
        assertThat(posted.get(0).get("status").asText()).isEqualTo("down");
        assertThat(posted.get(0).get("reason").asText()).isEqualTo("Unreachable");
        assertThat(posted.get(0).get("text").asText()).contains("could not be reached (connection refused)");
    }

    /** The template as a user would set it up: their URL and alert hook, here a 5 s schedule and a 1 s timeout. */
    static String monitor(String name, String healthUrl, String alertPath) throws Exception {
        TestServer.Reply made = server.post("/api/templates/api-monitoring/instantiate", Map.of("name", name));
        assertThat(made.status()).as(made.text()).isEqualTo(201);
        String id = made.json().get("id").asText();
        ObjectNode wf = (ObjectNode) server.get("/api/workflows/" + id).json();
        ((ObjectNode) wf.get("trigger")).put("cron", "*/5 * * * * ?");
        for (JsonNode node : wf.get("nodes")) {
            ObjectNode n = (ObjectNode) node;
            if (n.get("id").asText().equals("health")) {
                n.put("timeout_seconds", 1).put("max_retries", 1);
                ((ObjectNode) n.get("config")).put("url", healthUrl);
            } else if (n.get("type").asText().equals("webhook_output")) {
                ((ObjectNode) n.get("config")).put("url", "http://127.0.0.1:" + alerts.getAddress().getPort() + alertPath);
            }
        }
        TestServer.Reply saved = server.put("/api/workflows/" + id, wf);
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        return id;
    }

    static void activate(String id) throws Exception {
        TestServer.Reply r = server.post("/api/workflows/" + id + "/activate", "{}");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    /** Waits for at least {@code count} ended runs; answers them oldest first. */
    static List<JsonNode> awaitFinishedRuns(String id, int count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<JsonNode> ended = new ArrayList<>();
            for (JsonNode e : server.get("/api/executions?limit=200&workflow_id=" + id).json().get("items")) {
                if (!e.get("status").asText().equals("running")) {
                    ended.add(0, e);
                }
            }
            if (ended.size() >= count) {
                return ended.subList(0, count);
            }
            assertThat(System.nanoTime()).as("%d runs of %s ended in time: %s", count, id, ended).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static HttpServer loopback() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setExecutor(Executors.newCachedThreadPool()); // a silent request must not hold up the next one
        return s;
    }

    static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
