package io.webops.connectors;

import static io.webops.TestServer.nodeLog;
import static io.webops.connectors.Flows.oneNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The notification node stores per user; the API lists the caller's own, newest first, and marks them read. */
class NotificationsTest {

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> messages(String query) throws Exception {
        TestServer.Reply r = server.get("/api/notifications" + query);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(n -> out.add(n.get("message").asText()));
        return out;
    }

    @Test
    void storesATemplatedNotificationForTheCallerAndListsNewestFirst() throws Exception {
        String id = oneNode(server, "notification", null, Map.of("message", "Order {{ data.order }} failed to ship",
                "level", "{{ data.level }}"), 0);
        JsonNode first = server.runAndWait(id, Map.of("order", 1, "level", "warning"));
        JsonNode second = server.runAndWait(id, Map.of("order", 2, "level", "error"));
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("success");
        assertThat(second.get("output").get("user").asText()).as("the workflow's owner")
                .isEqualTo(server.get("/api/me").json().get("id").asText());

        TestServer.Reply r = server.get("/api/notifications");
        JsonNode newest = r.json().get("items").get(0);
        assertThat(newest.get("message").asText()).isEqualTo("Order 2 failed to ship");
        assertThat(newest.get("level").asText()).isEqualTo("error");
        assertThat(newest.get("read").asBoolean()).isFalse();
        assertThat(newest.get("execution_id").asText()).isEqualTo(second.get("id").asText());
        assertThat(newest.get("workflow_id").asText()).isEqualTo(id);
        assertThat(messages("")).containsSubsequence("Order 2 failed to ship", "Order 1 failed to ship");
        assertThat(first.get("output").get("level").asText()).isEqualTo("warning");
    }

    @Test
    void anotherUsersNotificationsAreNotListedNorMarkable() throws Exception {
        TestServer ann = server.as(server.userToken("ann@notifications.test", "viewer"));
        String annId = ann.get("/api/me").json().get("id").asText();
        String id = oneNode(server, "notification", null, Map.of("user", "{{ data.who }}", "message", "for {{ data.who }}"), 0);
        assertThat(server.post("/api/workflows/" + id + "/share", Map.of("email", "ann@notifications.test")).status())
                .as("a workflow notifies its owner and the users it is shared with").isEqualTo(200);
        JsonNode ex = server.runAndWait(id, Map.of("who", annId));
        assertThat(ex.get("output").get("user").asText()).isEqualTo(annId);
        assertThat(messages("")).doesNotContain("for " + annId);
        assertThat(ann.get("/api/notifications").json().get("items").findValuesAsText("message")).contains("for " + annId);
        TestServer.Reply read = server.post("/api/notifications/" + ex.get("output").get("id").asText() + "/read", "");
        assertThat(read.status()).isEqualTo(404);
    }

    @Test
    void markingReadTakesItOutOfTheUnreadList() throws Exception {
        String id = oneNode(server, "notification", null, Map.of("message", "read me {{ data.n }}"), 0);
        String notification = server.runAndWait(id, Map.of("n", 7)).get("output").get("id").asText();
        assertThat(messages("?unread=true")).contains("read me 7");
        TestServer.Reply r = server.post("/api/notifications/" + notification + "/read", "");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("read").asBoolean()).isTrue();
        assertThat(messages("?unread=true")).doesNotContain("read me 7");
        assertThat(messages("")).contains("read me 7");
    }

    @Test
    void anUnknownLevelFailsNamingTheField() throws Exception {
        String id = oneNode(server, "notification", null, Map.of("message", "x", "level", "{{ data.level }}"), 0);
        JsonNode ex = server.runAndWait(id, Map.of("level", "loud"));
        assertThat(nodeLog(ex, "node").get("error").asText())
                .isEqualTo("Node 'node': config.level rendered 'loud'; use one of info, success, warning, error");
    }

    @Test
    void aConstantUnknownLevelIsAValidationError() throws Exception {
        TestServer.Reply r = server.post("/api/workflows/validate", """
                {"name": "n", "nodes": [{"id": "note", "type": "notification", "config": {"message": "x", "level": "loud"}}],
                 "connections": []}""");
        assertThat(r.json().get("valid").asBoolean()).isFalse();
        assertThat(r.json().get("errors").toString()).contains("Node 'note': config.level must be one of info, success, warning, error");
    }
}
