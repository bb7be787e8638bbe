package io.webops.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state node: a key kept between runs of one workflow, or shared by the workflows of one owner and no one else's;
 * values held to their size limit.
 */
class WorkflowStateNodeTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** {@code in → before (get the key) → after (set it to the input's note)}. */
    static String remembering(String scope) {
        return """
                {"name": "remember the last note", "nodes": [
                  {"id": "in", "type": "webhook_input"},
                  {"id": "before", "type": "state", "config": {"operation": "get", "key": "note", "default": "none", "scope": "%1$s"}},
                  {"id": "after", "type": "state", "config": {"operation": "set", "key": "note", "value": "{{ nodes.in.note }}", "scope": "%1$s"}}],
                 "connections": [{"source": "in", "target": "before"}, {"source": "before", "target": "after"}]}"""
                .formatted(scope);
    }

    static JsonNode before(JsonNode execution) {
        return TestServer.nodeLog(execution, "before").get("output");
    }

    @Test
    void aKeySetByOneRunIsReadByTheNextRunOfTheSameWorkflowOnly() throws Exception {
        String watcher = server.create(remembering("workflow"));
        String other = server.create(remembering("workflow"));

        JsonNode first = server.runAndWait(watcher, "{\"note\": \"first\"}");
        JsonNode second = server.runAndWait(watcher, "{\"note\": \"second\"}");
        JsonNode elsewhere = server.runAndWait(other, "{\"note\": \"other\"}");

        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("success");
        assertThat(before(first).toString()).isEqualTo("{\"key\":\"note\",\"found\":false,\"value\":\"none\"}");
        assertThat(before(second).toString()).isEqualTo("{\"key\":\"note\",\"found\":true,\"value\":\"first\"}");
        assertThat(TestServer.nodeLog(second, "after").get("output").toString()).isEqualTo("{\"key\":\"note\",\"value\":\"second\"}");
        assertThat(before(elsewhere).get("found").asBoolean()).as("another workflow has keys of its own").isFalse();
    }

    @Test
    void ownerKeysAreSharedByTheOwnersWorkflowsAndNoOneElses() throws Exception {
        String writer = server.create(remembering("owner"));
        String reader = server.create(remembering("owner"));
        TestServer bob = server.as(server.userToken("bob-state@webops.test", "editor"));
        String bobs = bob.create(remembering("owner"));

        server.runAndWait(writer, "{\"note\": \"shared\"}");
        JsonNode read = server.runAndWait(reader, "{\"note\": \"again\"}");
        JsonNode bobRead = bob.runAndWait(bobs, "{\"note\": \"bob's\"}");

        assertThat(before(read).toString()).isEqualTo("{\"key\":\"note\",\"found\":true,\"value\":\"shared\"}");
        assertThat(before(bobRead).toString()).isEqualTo("{\"key\":\"note\",\"found\":false,\"value\":\"none\"}");
    }

    @Test
    void aDeletedKeyIsGone() throws Exception {
        String id = server.create("""
                {"name": "set then delete", "nodes": [
                  {"id": "set", "type": "state", "config": {"operation": "set", "key": "k", "value": {"n": 1}}},
                  {"id": "drop", "type": "state", "config": {"operation": "delete", "key": "k"}},
                  {"id": "again", "type": "state", "config": {"operation": "delete", "key": "k"}},
                  {"id": "read", "type": "state", "config": {"operation": "get", "key": "k"}}],
                 "connections": [{"source": "set", "target": "drop"}, {"source": "drop", "target": "again"},
                                 {"source": "again", "target": "read"}]}""");

        JsonNode ex = server.runAndWait(id, "{}");

        assertThat(TestServer.nodeLog(ex, "set").get("output").toString()).isEqualTo("{\"key\":\"k\",\"value\":{\"n\":1}}");
        assertThat(TestServer.nodeLog(ex, "drop").get("output").get("deleted").asBoolean()).isTrue();
        assertThat(TestServer.nodeLog(ex, "again").get("output").get("deleted").asBoolean()).isFalse();
        assertThat(ex.get("output").toString()).isEqualTo("{\"key\":\"k\",\"found\":false,\"value\":null}");
    }

    @Test
    void aValueOverTheLimitFailsTheNodeSayingSo() throws Exception {
        String id = server.create("""
                {"name": "too much", "nodes": [
                  {"id": "keep", "type": "state", "config": {"operation": "set", "key": "big"}}],
                 "connections": []}""");

        JsonNode ex = server.runAndWait(id, "{\"blob\": \"" + "x".repeat(70_000) + "\"}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.get("error_message").asText()).contains("Node 'keep': the value for key 'big' is 70011 bytes of JSON;"
                + " a state value may be at most 65536 bytes");
    }
}
