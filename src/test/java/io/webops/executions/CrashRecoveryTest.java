package io.webops.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import io.webops.json.Json;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A 202 means durable: the server runs in a JVM of its own, takes 200 webhooks answered 202 (respond: immediately)
 * into a workflow that waits 5 s and then posts its input to a receiver here (webhook_output), and is killed with SIGKILL during the wait. The
 * restarted server, on the same data, runs every one of them to its end exactly once, under its own id.
 */
class CrashRecoveryTest {

    private static final int REQUESTS = 200;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<Integer, AtomicInteger> received = new ConcurrentHashMap<>();
    private HttpServer receiver;
    private Process server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroyForcibly();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void everyExecutionAnswered202RunsToItsEndExactlyOnceAfterAKill() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/after-crash", exchange -> {
            JsonNode body = Json.parse(exchange.getRequestBody().readAllBytes());
            received.computeIfAbsent(body.get("n").asInt(), n -> new AtomicInteger()).incrementAndGet();
            byte[] ok = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.start();
        Path data = Files.createTempDirectory("webops-crash");
        int port = TestServer.freePort();
        String base = "http://127.0.0.1:" + port;

        server = start(data, port);
        String workflow = post(base + "/api/workflows", """
                {"name": "wait then call", "trigger": {"type": "webhook", "path": "crash", "respond": "immediately"},
                 "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "wait", "type": "delay", "config": {"seconds": 5}},
                  {"id": "call", "type": "webhook_output", "config": {"url": "http://127.0.0.1:%d/after-crash"}}],
                 "connections": [{"source": "in", "target": "wait"}, {"source": "wait", "target": "call"}]}"""
                .formatted(receiver.getAddress().getPort())).body().get("id").asText();
        assertThat(post(base + "/api/workflows/" + workflow + "/activate", "{}").status()).isEqualTo(200);

        Map<String, Integer> announced = fire(base);
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(received).as("the kill came before any execution got past its wait").isEmpty();

        server = start(data, port);
        await(() -> received.size() == REQUESTS && finished(base, workflow).size() == REQUESTS, Duration.ofSeconds(60));
        Thread.sleep(500); // a second call of any of them would arrive now

        assertThat(received.keySet()).hasSize(REQUESTS);
        assertThat(received.values()).allMatch(calls -> calls.get() == 1);
        Map<String, String> statuses = finished(base, workflow);
        assertThat(statuses.keySet()).isEqualTo(announced.keySet());
        assertThat(Set.copyOf(statuses.values())).containsExactly("success");
    }

    /** Posts the webhooks from 16 threads; answers the announced execution ids with the n each carried. */
    private static Map<String, Integer> fire(String base) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int n = 0; n < REQUESTS; n++) {
                String body = "{\"n\": " + n + "}";
                answers.add(pool.submit(() -> post(base + "/webhooks/crash", body)));
            }
            Map<String, Integer> announced = new TreeMap<>();
            for (int n = 0; n < REQUESTS; n++) {
                Response r = answers.get(n).get(30, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.body().toString()).isEqualTo(202);
                announced.put(r.body().get("execution_id").asText(), n);
            }
            return announced;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The workflow's executions (id to status) once none of them is pending or running, else empty. */
    private static Map<String, String> finished(String base, String workflow) throws Exception {
        Map<String, String> statuses = new HashMap<>();
        String cursor = null;
        do {
            JsonNode page = get(base + "/api/executions?workflow_id=" + workflow + "&limit=100"
                    + (cursor == null ? "" : "&cursor=" + cursor));
            for (JsonNode e : page.get("items")) {
                String status = e.get("status").asText();
                if (status.equals("running") || status.equals("pending")) {
                    return Map.of();
                }
                statuses.put(e.get("id").asText(), status);
            }
            cursor = page.path("next_cursor").isTextual() ? page.get("next_cursor").asText() : null;
        } while (cursor != null);
        return statuses;
    }

    private static Process start(Path data, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.webops.cli.Main", "serve")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(new File(data.toFile(), "server.log")));
        Map<String, String> env = builder.environment();
        env.put("WEBOPS_PORT", String.valueOf(port));
        env.put("WEBOPS_DATA", data.toString());
        env.put("WEBOPS_ROUTES", data.resolve("no-routes").toString());
        env.put("WEBOPS_SSRF_ALLOW", "127.0.0.0/8");
        env.put("WEBOPS_WEBHOOK_RATE_PER_SECOND", "0");
        env.put("WEBOPS_ADMIN_EMAIL", TestServer.ADMIN_EMAIL);
        env.put("WEBOPS_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        env.put("WEBOPS_ADMIN_TOKEN", TestServer.ADMIN_TOKEN);
        Process p = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            assertThat(p.isAlive()).as("the server ended: %s", Files.readString(data.resolve("server.log"))).isTrue();
            assertThat(System.nanoTime()).as("the server did not answer within 90 s").isLessThan(deadline);
            try {
                if (CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return p;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
    }

    private record Response(int status, JsonNode body) {
    }

    private static Response post(String url, String body) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body().isEmpty() ? Json.NODES.nullNode() : Json.parse(r.body()));
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
