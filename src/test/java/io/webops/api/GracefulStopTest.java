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
 * at once, the running executions get {@code WEBOPS_DRAIN_SECONDS} to finish, and those still running then end
 * failed saying the instance stopped, never left running.
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
    void executionsStillRunningWhenTheDrainEndsEndFailedSayingTheInstanceStopped() throws Exception {
        TestServer s = TestServer.start(Map.of("WEBOPS_DRAIN_SECONDS", "1"));
        String id = s.create("""
                {"name": "long", "trigger": {"type": "webhook", "path": "long", "respond": "immediately"},
                 "nodes": [{"id": "in", "type": "webhook_input"}, {"id": "wait", "type": "delay", "config": {"seconds": 60}}],
                 "connections": [{"source": "in", "target": "wait"}]}""");
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        Reply accepted = s.post("/webhooks/long", "{}");
        assertThat(accepted.status()).isEqualTo(202);
        String execution = accepted.json().get("execution_id").asText();
        await(() -> s.server().engine().runningCount() == 1);

        long closing = System.nanoTime();
        s.close();

        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
        try (Store store = Store.openH2(s.dataDir, "check")) {
            ExecutionRecord record = store.executions().get(execution).orElseThrow();
            assertThat(record.status()).isEqualTo("failed");
            assertThat(record.errorMessage()).startsWith("Instance stopped before the execution finished");
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
