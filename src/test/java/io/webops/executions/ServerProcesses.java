package io.webops.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The runtime in a JVM of its own (to be killed), and what the tests ask it over HTTP. */
final class ServerProcesses {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServerProcesses() {
    }

    /** The workflow's executions (id to status) once none of them is pending or running, else empty. */
    static Map<String, String> finished(String base, String workflow) throws Exception {
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

    static Process start(Path data, int port) throws Exception {
        return start(data, port, Map.of());
    }

    /** Starts a server on {@code data} and {@code port}, {@code settings} over the test defaults; returns once it answers. */
    static Process start(Path data, int port, Map<String, String> settings) throws Exception {
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
        env.putAll(settings);
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

    record Response(int status, JsonNode body) {
    }

    static Response post(String url, String body) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body().isEmpty() ? Json.NODES.nullNode() : Json.parse(r.body()));
    }

    static JsonNode get(String url) throws Exception {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    static void await(java.util.concurrent.Callable<Boolean> condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.call()) {
            assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
