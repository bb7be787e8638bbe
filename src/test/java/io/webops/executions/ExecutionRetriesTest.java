package io.webops.executions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workflow settings retry_on_failure and max_retries: an unattended run that failed is run again, up to
 * max_retries times after a doubling delay, each re-run an execution of its own linked to the first.
 */
class ExecutionRetriesTest {

    static TestServer server;
    static HttpServer upstream;
    /** Per path, the statuses still to answer (the last one repeats). */
    static final Map<String, Queue<Integer>> answers = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("WEBOPS_EXECUTION_RETRY_DELAY_MS", "300", "WEBOPS_EXECUTION_RETRY_MAX_DELAY_MS", "500"));
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", ex -> {
            Queue<Integer> q = answers.get(ex.getRequestURI().getPath());
            int status = q.size() > 1 ? q.poll() : q.peek();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        upstream.start();
    }

    @AfterAll
    static void stop() {
        upstream.stop(0);
        server.close();
    }

    /** A webhook workflow calling an upstream that answers the statuses in turn; answers its webhook path. */
    static String[] workflow(String settings, String respond, Integer... statuses) throws Exception {
        String path = "retry-" + UUID.randomUUID().toString().substring(0, 8);
        answers.put("/" + path, new ConcurrentLinkedQueue<>(List.of(statuses)));
        String id = server.create("""
                {"name": "%1$s", "trigger": {"type": "webhook", "path": "%1$s", "respond": "%2$s"},
                 "settings": %3$s,
                 "nodes": [{"id": "call", "type": "api_request",
                            "config": {"url": "http://127.0.0.1:%4$d/%1$s", "method": "POST", "body": {"order": "{{ data.order }}"}}}],
                 "connections": []}""".formatted(path, respond, settings, upstream.getAddress().getPort()));
        TestServer.Reply on = server.post("/api/workflows/" + id + "/activate", "{}");
        assertThat(on.status()).as(on.text()).isEqualTo(200);
        return new String[] {id, path};
    }

    static void fire(String path) throws Exception {
        TestServer.Reply r = server.anonymous().post("/webhooks/" + path, "{\"order\": 7}");
        assertThat(r.status()).as(r.text()).isIn(200, 202, 500);
    }

    /** The workflow's executions, oldest first, once {@code count} of them have ended. */
    static List<JsonNode> ended(String id, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<JsonNode> all = new ArrayList<>();
            for (JsonNode e : server.get("/api/executions?limit=50&workflow_id=" + id).json().get("items")) {
                all.add(0, server.get("/api/executions/" + e.get("id").asText()).json());
            }
            if (all.stream().filter(e -> !e.get("status").asText().equals("running")).count() >= count) {
                return all;
            }
            assertThat(System.nanoTime()).as("%d executions of %s ended: %s", count, id, all).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void aFailedWebhookRunIsRunAgainUntilItSucceedsEachRerunLinkedToTheFirst() throws Exception {
        String[] wf = workflow("{\"retry_on_failure\": true, \"max_retries\": 3}", "immediately", 500, 503, 200);

        fire(wf[1]);
        List<JsonNode> runs = ended(wf[0], 3);
        Thread.sleep(1500); // longer than the next delay would be: a success is not run again

        runs = ended(wf[0], 3);
        assertThat(runs).extracting(r -> r.get("status").asText()).containsExactly("failed", "failed", "success");
        String first = runs.get(0).get("id").asText();
        assertThat(runs.get(0).at("/trigger_data/retry_of").isMissingNode()).isTrue();
        for (int attempt = 1; attempt <= 2; attempt++) {
            JsonNode rerun = runs.get(attempt);
            assertThat(rerun.get("trigger_type").asText()).isEqualTo("webhook");
            assertThat(rerun.at("/trigger_data/retry_of").asText()).isEqualTo(first);
            assertThat(rerun.at("/trigger_data/retry_attempt").asInt()).isEqualTo(attempt);
            assertThat(rerun.at("/trigger_data/previous_execution").asText()).isEqualTo(runs.get(attempt - 1).get("id").asText());
            assertThat(rerun.at("/trigger_data/original_trigger/path").asText()).isEqualTo(runs.get(0).at("/trigger_data/path").asText());
            assertThat(rerun.get("input")).isEqualTo(runs.get(0).get("input"));
        }
        long firstGap = Duration.between(Instant.parse(runs.get(0).get("completed_at").asText()),
                Instant.parse(runs.get(1).get("started_at").asText())).toMillis();
        long secondGap = Duration.between(Instant.parse(runs.get(1).get("completed_at").asText()),
                Instant.parse(runs.get(2).get("started_at").asText())).toMillis();
        assertThat(firstGap).as("the first delay").isGreaterThanOrEqualTo(300);
        assertThat(secondGap).as("the second delay, doubled and capped").isGreaterThanOrEqualTo(500);
    }

    @Test
    void aRunThatKeepsFailingIsRunAgainMaxRetriesTimesAndNoMore() throws Exception {
        String[] wf = workflow("{\"retry_on_failure\": true, \"max_retries\": 2}", "immediately", 500);

        fire(wf[1]);
        ended(wf[0], 3);
        Thread.sleep(1500);

        List<JsonNode> runs = ended(wf[0], 3);
        assertThat(runs).extracting(r -> r.get("status").asText()).containsExactly("failed", "failed", "failed");
        assertThat(runs.get(2).at("/trigger_data/retry_attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aWorkflowFailedFollowerHearsOfTheLastAttemptOnly() throws Exception {
        String[] wf = workflow("{\"retry_on_failure\": true, \"max_retries\": 1}", "immediately", 500);
        String follower = server.create("""
                {"name": "on failure", "trigger": {"type": "event", "on": "workflow.failed", "workflow": "%s"},
                 "nodes": [{"id": "got", "type": "transform", "config": {"query": "{seen: execution_id}"}}],
                 "connections": []}""".formatted(wf[0]));
        assertThat(server.post("/api/workflows/" + follower + "/activate", "{}").status()).isEqualTo(200);

        fire(wf[1]);
        List<JsonNode> runs = ended(wf[0], 2);
        ended(follower, 1);
        Thread.sleep(1000);

        List<JsonNode> heard = ended(follower, 1);
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0).at("/input/execution_id").asText()).isEqualTo(runs.get(1).get("id").asText());
    }

    @Test
    void noRerunWhenTheSettingIsOffWhenTheSenderWaitedOrWhenTheRunWasManual() throws Exception {
        String[] off = workflow("{\"retry_on_failure\": false, \"max_retries\": 3}", "immediately", 500);
        String[] waited = workflow("{\"retry_on_failure\": true, \"max_retries\": 3}", "when_finished", 500);
        String[] manual = workflow("{\"retry_on_failure\": true, \"max_retries\": 3}", "immediately", 500);

        fire(off[1]);
        fire(waited[1]);
        assertThat(server.runAndWait(manual[0], "{\"order\": 7}").get("status").asText()).isEqualTo("failed");
        ended(off[0], 1);
        ended(waited[0], 1);
        Thread.sleep(1500);

        assertThat(ended(off[0], 1)).as("retry_on_failure false").hasSize(1);
        assertThat(ended(waited[0], 1)).as("a when_finished webhook's sender got the failure").hasSize(1);
        assertThat(ended(manual[0], 1)).as("a run from the editor").hasSize(1);
    }
}
