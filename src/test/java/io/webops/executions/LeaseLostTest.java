package io.webops.executions;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An instance whose executions another instance took over (it did not beat for longer than the lease: a long pause,
 * the database out of reach) stops running them at its next beat, and its late writes do not change their records.
 */
class LeaseLostTest {

    @Test
    void anInstanceThatFindsItsExecutionsTakenOverHaltsThem() throws Exception {
        try (TestServer paused = TestServer.start(Map.of("WEBOPS_INSTANCE_LEASE_SECONDS", "3"))) {
            String id = paused.create("""
                    {"name": "slow", "trigger": {"type": "webhook", "path": "slow", "respond": "immediately"},
                     "nodes": [{"id": "in", "type": "webhook_input"}, {"id": "wait", "type": "delay", "config": {"seconds": 6}}],
                     "connections": [{"source": "in", "target": "wait"}]}""");
            assertThat(paused.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
            String execution = paused.post("/webhooks/slow", "{}").json().get("execution_id").asText();
            String instance = Files.readString(paused.dataDir.resolve("instance-id")).strip();

            try (Store other = Store.openH2(paused.dataDir, "other-instance")) {
                // as if the paused instance had been silent past its lease
                List<ExecutionRecord> claimed = other.instances().claim(instance, Instant.now().plusSeconds(1));
                assertThat(claimed).extracting(ExecutionRecord::id).containsExactly(execution);

                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (paused.server().engine().runningCount() > 0) {
                    assertThat(System.nanoTime()).as("halted at the next beat (every second)").isLessThan(deadline);
                    Thread.sleep(50);
                }
                Thread.sleep(4_000); // the wait would have ended by now
                paused.server().store().executions().flush();
                assertThat(other.executions().get(execution).orElseThrow().status())
                        .as("left to the instance that took it over").isEqualTo("running");
            }
        }
    }
}
