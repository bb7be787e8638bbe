package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import io.webops.TestServer.Reply;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Stopping an instance (SIGTERM runs {@code Server.close}): new webhooks and runs are refused with 503 and Retry-After
 * at once, the running executions get {@code WEBOPS_DRAIN_SECONDS} to finish; then a waiting caller's execution ends
 * failed saying the instance stopped, and one nobody waits for (a 202 webhook's) runs again at the next start.
 */
class GracefulStopTest {

    @Test
    void aStoppingInstanceRefusesNewWorkWith503AndLetsTheRunningExecutionsFinish() throws Exception {
        TestServer s = TestServer.start(Map.of("WEBOPS_DRAIN_SECONDS", "20"));
        String id = s.create("""
                {"name": "slow", "trigger": {"type": "webhook", "path": "slow", "respond": "when_finished"},
                 "nodes": [{"id": "in", "type": "webhook_input"}, {"id": "wait", "type": "delay", "config": {"seconds": 1.5}}],
                 "connections": [{"source": "in", "target": "wait"}]}""");
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        CompletableFuture<Reply> first = CompletableFuture.supplyAsync(() -> post(s, "/webhooks/slow", "{\"n\": 1}"));
        await(() -> s.server().engine().runningCount() == 1);

        long closing = System.nanoTime();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(s::close);
        await(() -> s.server().engine().stoppingRetryAfter() > 0);
        Reply refused = s.post("/webhooks/slow", "{\"n\": 2}");
        Reply manual = s.post("/api/workflows/" + id + "/run", "{}");

        for (Reply r : new Reply[] {refused, manual}) {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("unavailable");
            assertThat(Long.parseLong(r.raw().headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 20L);
        }
        Reply answered = first.get(10, TimeUnit.SECONDS);
        assertThat(answered.status()).as(answered.text()).isEqualTo(200);
        assertThat(answered.json().get("n").asInt()).isEqualTo(1);
        closed.get(15, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).as("closing waits for the running one, not the drain")
                .isLessThan(Duration.ofSeconds(10));
        try (Store store = Store.openH2(s.dataDir, "check")) {
            assertThat(store.executions().list(io.webops.history.ExecutionFilter.all()).items())
                    .extracting(ExecutionRecord::status).containsExactly("success");
        }
    }

    @Test
    void whenTheDrainEndsAWaitingCallersExecutionEndsFailedAndOneNobodyWaitsForIsResumedAtTheNextStart() throws Exception {
        TestServer s = TestServer.start(Map.of("WEBOPS_DRAIN_SECONDS", "1"));
        String waited = s.create(slow("waited", "when_finished"));
        String announced = s.create(slow("announced", "immediately"));
        for (String id : new String[] {waited, announced}) {
            assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        }
        CompletableFuture<Reply> caller = CompletableFuture.supplyAsync(() -> post(s, "/webhooks/waited", "{}"));
        Reply accepted = s.post("/webhooks/announced", "{\"n\": 5}");
        assertThat(accepted.status()).isEqualTo(202);
        String resumed = accepted.json().get("execution_id").asText();
        await(() -> s.server().engine().runningCount() == 2);

        long closing = System.nanoTime();
        s.close();

        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        Reply cutOff = caller.get(10, TimeUnit.SECONDS);
        assertThat(cutOff.status()).isEqualTo(500);
        assertThat(cutOff.json().at("/error/message").asText()).startsWith("Instance stopped before the execution finished");
        try (Store store = Store.openH2(s.dataDir, "check")) {
            assertThat(store.executions().get(resumed).orElseThrow().status()).isEqualTo("running");
        }
        try (TestServer again = TestServer.start(Map.of("WEBOPS_DATA", s.dataDir.toString()))) {
            await(() -> "success".equals(execution(again, resumed).get("status").asText()));
            assertThat(execution(again, resumed).get("output").get("n").asInt()).isEqualTo(5);
        }
    }

    @Test
    void whatStartsWhileTheInstanceStopsRunsAtTheNextStartSchedulesTicksAndEvents() throws Exception {
        TestServer s = TestServer.start(Map.of("WEBOPS_DRAIN_SECONDS", "6"));
        String ticking = s.create("""
                {"name": "every second", "trigger": {"type": "schedule", "cron": "* * * * * ?"},
                 "nodes": [{"id": "tick", "type": "transform", "config": {"type": "jmespath", "query": "scheduled_at"}}],
                 "connections": []}""");
        String slowHook = s.create(slow("keeps-draining", "when_finished"));
        String follower = s.create("""
                {"name": "follower", "trigger": {"type": "event", "on": "workflow.succeeded", "workflow": "%s"},
                 "nodes": [{"id": "seen", "type": "transform", "config": {"type": "jmespath", "query": "status"}}],
                 "connections": []}""".formatted(slowHook));
        for (String id : new String[] {ticking, slowHook, follower}) {
            assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        }
        CompletableFuture<Reply> caller = CompletableFuture.supplyAsync(() -> post(s, "/webhooks/keeps-draining", "{}"));
        // the webhook's own run, not a tick of the schedule, which runs too
        await(() -> get(s, "/api/executions?workflow_id=" + slowHook).get("items").size() == 1);

        s.close(); // the 3 s webhook run keeps the drain going; its end fires the follower as the instance stops

        assertThat(caller.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        java.util.List<String> left;
        try (Store store = Store.openH2(s.dataDir, "check")) {
            left = store.executions().list(new io.webops.history.ExecutionFilter(follower, null, 100, null)).items()
                    .stream().peek(e -> assertThat(e.status()).isEqualTo("running")).map(ExecutionRecord::id).toList();
        }
        assertThat(left).as("the follower's execution, recorded to run later").hasSize(1);
        Thread.sleep(1_000);
        try (TestServer again = TestServer.start(Map.of("WEBOPS_DATA", s.dataDir.toString()))) {
            await(() -> "success".equals(execution(again, left.get(0)).get("status").asText()));
            assertThat(execution(again, left.get(0)).get("output").asText()).isEqualTo("success");
            Thread.sleep(1_500);
            java.util.List<java.time.Instant> ticks = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode e
                    : again.get("/api/executions?limit=200&workflow_id=" + ticking).json().get("items")) {
                await(() -> !"running".equals(execution(again, e.get("id").asText()).get("status").asText()));
                ticks.add(java.time.Instant.parse(execution(again, e.get("id").asText()).get("output").asText()));
            }
            ticks.sort(null);
            long seconds = java.time.Duration.between(ticks.get(0), ticks.get(ticks.size() - 1)).toSeconds() + 1;
            assertThat(seconds).as("the drain and the restart took a few seconds").isGreaterThan(4);
            assertThat(ticks).as("every tick, through the drain and the restart, once").doesNotHaveDuplicates()
                    .hasSize((int) seconds);
        }
    }

    /** A webhook workflow whose run waits 3 s. */
    private static String slow(String path, String respond) {
        return """
                {"name": "%s", "trigger": {"type": "webhook", "path": "%s", "respond": "%s"},
                 "nodes": [{"id": "in", "type": "webhook_input"}, {"id": "wait", "type": "delay", "config": {"seconds": 3}}],
                 "connections": [{"source": "in", "target": "wait"}]}""".formatted(path, path, respond);
    }

    private static com.fasterxml.jackson.databind.JsonNode execution(TestServer s, String id) {
        return get(s, "/api/executions/" + id);
    }

    private static com.fasterxml.jackson.databind.JsonNode get(TestServer s, String path) {
        try {
            return s.get(path).json();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Reply post(TestServer s, String path, String body) {
        try {
            return s.post(path, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
