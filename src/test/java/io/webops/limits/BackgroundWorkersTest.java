package io.webops.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import io.webops.workers.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Every background loop survives whatever lands on its thread, and health names one that no longer runs. */
class BackgroundWorkersTest {

    private static final String TIMES_OUT = """
            {"name": "times out", "settings": {"timeout_seconds": 1},
             "nodes": [{"id": "wait", "type": "delay", "config": {"seconds": 30}}], "connections": []}""";

    @Test
    void theTimeoutWatchdogOutlivesAnErrorThrownWhileItEndsAnExecution() throws Exception {
        try (TestServer s = TestServer.start()) {
            String id = s.create(TIMES_OUT);
            String first = s.post("/api/workflows/" + id + "/run", "{}").json().get("id").asText();
            // what an OutOfMemoryError does when it lands on the watchdog's thread while it ends this execution
            s.server().engine().watch().watch(first, r -> {
                if (r.finished()) {
                    throw new OutOfMemoryError("injected by the test");
                }
            });
            assertThat(awaitEnd(s, first)).isEqualTo("timeout");

            String second = s.post("/api/workflows/" + id + "/run", "{}").json().get("id").asText();
            assertThat(awaitEnd(s, second)).as("the next execution still ends at its timeout").isEqualTo("timeout");
            JsonNode health = s.get("/observe/health").json();
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.at("/workers/webops-watchdog/status").asText()).isEqualTo("UP");
            assertThat(health.at("/workers/webops-watchdog/failures").asLong()).isEqualTo(1);
        }
    }

    @Test
    void healthIs503NamingAWorkerThatNoLongerRuns() throws Exception {
        try (TestServer s = TestServer.start()) {
            Reply up = s.get("/observe/health");
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.json().get("workers").fieldNames()).toIterable()
                    .contains("webops-watchdog", "webops-undeploy", "webops-history-writer", "webops-deployment-sync");

            s.server().engine().close(); // its watchdog and undeploy threads stop

            Reply down = s.get("/observe/health");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
            assertThat(down.json().get("message").asText()).contains("webops-watchdog (its schedule has ended)");
            assertThat(down.json().at("/workers/webops-history-writer/status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void aTurnThatThrowsCostsOnlyThatTurn() throws Exception {
        Worker worker = new Worker("test-loop", Duration.ofMinutes(1));
        AtomicInteger turns = new AtomicInteger();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            timer.scheduleWithFixedDelay(worker.guard(() -> {
                if (turns.incrementAndGet() == 1) {
                    throw new StackOverflowError("injected by the test");
                }
            }), 0, 5, TimeUnit.MILLISECONDS);
            Instant until = Instant.now().plusSeconds(10);
            while (turns.get() < 3 && Instant.now().isBefore(until)) {
                Thread.sleep(5);
            }
        } finally {
            timer.shutdownNow();
        }
        assertThat(turns.get()).as("turns after the failing one").isGreaterThanOrEqualTo(3);
        assertThat(worker.failures()).isEqualTo(1);
    }

    @Test
    void aLoopWithoutATurnForTooLongOrWhoseThreadEndedIsDown() throws Exception {
        Worker stalled = new Worker("stalled-loop", Duration.ofMillis(1));
        Thread.sleep(20);
        assertThat(stalled.status().up()).isFalse();
        assertThat(stalled.status().problem()).startsWith("no turn for");

        Thread ended = new Thread(() -> { });
        ended.start();
        ended.join();
        Worker gone = new Worker("gone-loop", null).runsWhile(ended::isAlive, "its thread has ended");
        assertThat(gone.status()).isEqualTo(new Worker.Status("gone-loop", false, "its thread has ended", 0));
    }

    /** The execution's final status, or its status when a bounded wait ran out. */
    private static String awaitEnd(TestServer s, String executionId) throws Exception {
        Instant until = Instant.now().plusSeconds(15);
        String status;
        do {
            status = s.get("/api/executions/" + executionId).json().get("status").asText();
            if (!status.equals("running") && !status.equals("pending")) {
                return status;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(until));
        return status;
    }
}
