package io.webops.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An execution whose record the history store cannot take ends {@code failed} saying so: it never stays running, and
 * the webhook caller waiting for it gets a JSON error. (A string with half a surrogate pair is valid JSON text but
 * cannot be written to the binary history payload.)
 */
class UnstorableExecutionTest {

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void aWebhookInputTheStoreCannotWriteEndsTheExecutionFailedWithAJsonError() throws Exception {
        String path = webhook("""
                [{"id": "in", "type": "webhook_input"}]""");
        Reply r = s.post("/webhooks/" + path, "{\"s\": \"ab\\ud800\"}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.json().at("/error/message").asText()).startsWith("History write failed: ");
        JsonNode execution = s.get("/api/executions/" + r.json().at("/error/execution_id").asText()).json();
        assertThat(execution.get("status").asText()).isEqualTo("failed");
        assertThat(execution.get("error_message").asText()).contains("History write failed").contains("surrogate");
        assertThat(s.get("/observe/health").json().get("running_executions").asInt()).isZero();
    }

    @Test
    void aNodeOutputTheStoreCannotWriteEndsTheExecutionFailedKeepingTheNodeLogs() throws Exception {
        String path = webhook("""
                [{"id": "in", "type": "webhook_input"},
                 {"id": "half", "type": "transform", "config": {"type": "jslt", "query": "{\\"half\\": .s[0 : 1]}"}}]""",
                "in", "half");
        Reply r = s.post("/webhooks/" + path, "{\"s\": \"\\ud83d\\ude00\"}");
        assertThat(r.status()).isEqualTo(500);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("execution_failed");
        assertThat(r.json().at("/error/message").asText()).startsWith("History write failed: ");
        JsonNode execution = s.get("/api/executions/" + r.json().at("/error/execution_id").asText()).json();
        assertThat(execution.get("status").asText()).isEqualTo("failed");
        assertThat(TestServer.nodeLog(execution, "half").get("status").asText()).isEqualTo("success");
        assertThat(execution.get("output").isNull()).as("the data the store refused is not kept").isTrue();
    }

    @Test
    void anExecutionWhoseRowTheDatabaseRefusesIsWrittenFailedInsteadOfLost() throws Exception {
        String id = s.create("""
                {"name": "refused row", "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""");
        try (Connection c = s.server().store().dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("ALTER TABLE executions ADD CONSTRAINT test_no_success CHECK (status <> 'success')");
        }
        try {
            JsonNode run = s.runAndWait(id, "{\"n\": 1}");
            assertThat(run.get("status").asText()).as("the run itself succeeded").isEqualTo("success");
            JsonNode stored = awaitStored(run.get("id").asText());
            assertThat(stored.get("status").asText()).isEqualTo("failed");
            assertThat(stored.get("error_message").asText()).startsWith("History write failed: ")
                    .contains("it had ended success");
        } finally {
            try (Connection c = s.server().store().dataSource().getConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE executions DROP CONSTRAINT test_no_success");
            }
        }
    }

    /** The execution as the store has it once the writer has dealt with it (bounded wait). */
    private static JsonNode awaitStored(String executionId) throws Exception {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        Reply r;
        do {
            s.server().store().executions().flush();
            r = s.get("/api/executions/" + executionId);
            if (r.status() == 200 && r.json().get("status").asText().equals("failed")) {
                return r.json();
            }
            Thread.sleep(50);
        } while (Instant.now().isBefore(until));
        throw new AssertionError("execution " + executionId + " was not stored as failed: " + r.status() + " " + r.text());
    }

    private static String webhook(String nodes, String... chain) throws Exception {
        String path = "unstorable-" + UUID.randomUUID().toString().substring(0, 8);
        String connections = chain.length < 2 ? "[]"
                : "[{\"source\": \"" + chain[0] + "\", \"target\": \"" + chain[1] + "\"}]";
        String id = s.create("""
                {"name": "unstorable", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished"},
                 "nodes": %s, "connections": %s}""".formatted(path, nodes, connections));
        assertThat(s.post("/api/workflows/" + id + "/activate", "{}").status()).isEqualTo(200);
        return path;
    }
}
