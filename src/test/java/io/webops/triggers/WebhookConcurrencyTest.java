package io.webops.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More webhooks in flight than Vert.x has worker threads (20): each is answered. A webhook holds its worker until its
 * execution ends (respond when_finished), so nothing on the way may wait for another worker; when the body's reading
 * handed the execution to a second worker, every worker ended up waiting and no webhook was answered again.
 */
class WebhookConcurrencyTest {

    private static final int IN_FLIGHT = 64;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(Map.of("WEBOPS_WEBHOOK_RATE_PER_SECOND", "0"));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void moreWebhooksInFlightThanWorkerThreadsAreAllAnswered() throws Exception {
        String id = s.create("""
                {"name": "slowish echo", "trigger": {"type": "webhook", "path": "crowd", "method": "POST", "respond": "when_finished"},
                 "nodes": [{"id": "in", "type": "webhook_input"},
                   {"id": "wait", "type": "delay", "config": {"seconds": 1}},
                   {"id": "echo", "type": "transform", "config": {"type": "jmespath", "query": "{n: n}"}}],
                 "connections": [{"source": "in", "target": "wait"}, {"source": "wait", "target": "echo"}]}""");
        assertThat(s.post("/api/workflows/" + id + "/activate", Map.of()).status()).isEqualTo(200);
        HttpClient client = HttpClient.newBuilder().executor(java.util.concurrent.Executors.newFixedThreadPool(8)).build();

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(s.base + "/webhooks/crowd"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\": " + i + "}")).build(), HttpResponse.BodyHandlers.ofString()));
        }

        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
        for (int i = 0; i < IN_FLIGHT; i++) {
            HttpResponse<String> answer = answers.get(i).join();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("{\"n\":" + i + "}");
        }
    }
}
