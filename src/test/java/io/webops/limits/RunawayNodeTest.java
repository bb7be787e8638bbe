package io.webops.limits;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node that produces too much, too deep or for too long fails on its own; the runtime goes on serving. */
class RunawayNodeTest {

    private static final int CAP = 64 * 1024;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(Map.of("WEBOPS_NODE_MAX_OUTPUT_BYTES", String.valueOf(CAP)));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void anOutputAboveTheConfiguredCapFailsItsNodeNamingTheCapAndOneBelowPasses() throws Exception {
        String id = s.create(chain("jmespath", "{a: s, b: s}"));
        JsonNode over = s.runAndWait(id, Json.object().put("s", "x".repeat(40 * 1024)));
        assertThat(over.get("status").asText()).isEqualTo("failed");
        assertThat(TestServer.nodeLog(over, "t").get("error").asText())
                .isEqualTo("Node 't': output is larger than 64 KB (WEBOPS_NODE_MAX_OUTPUT_BYTES)");

        JsonNode under = s.runAndWait(id, Json.object().put("s", "x".repeat(20 * 1024)));
        assertThat(under.get("status").asText()).isEqualTo("success");
        assertThat(under.at("/output/b").asText()).hasSize(20 * 1024);
    }

    @Test
    void aConnectionTransformOutputAboveTheCapFailsItsSourceNode() throws Exception {
        String id = s.create("""
                {"name": "big connection", "nodes": [{"id": "in", "type": "webhook_input"},
                  {"id": "out", "type": "webhook_input"}],
                 "connections": [{"source": "in", "target": "out",
                   "transform": {"type": "jmespath", "query": "[s, s, s]"}}]}""");
        JsonNode run = s.runAndWait(id, Json.object().put("s", "x".repeat(30 * 1024)));
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error_message").asText())
                .endsWith("Connection 'in' -> 'out': transform output is larger than 64 KB (WEBOPS_NODE_MAX_OUTPUT_BYTES)");
    }

    @Test
    void anOutputNestedDeeperThanTheJsonLimitFailsItsNode() throws Exception {
        String id = s.create(chain("jslt", "def nest(n) if ($n > 0) [nest($n - 1)] else 0  nest(300)"));
        JsonNode run = s.runAndWait(id, Json.object());
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(TestServer.nodeLog(run, "t").get("error").asText())
                .isEqualTo("Node 't': output is nested deeper than 256 levels, the most the runtime accepts");
    }

    @Test
    void aJsltQueryDoublingItsValueThirtyTimesFailsItsNodeAtTheDefaultCapAndTheRuntimeKeepsServing() throws Exception {
        try (TestServer defaults = TestServer.start()) {
            Map<String, String> doublings = Map.of(
                    "[1]", "$x + $x",                        // arrays copied
                    "\"abcdefgh\"", "$x + $x",             // strings copied
                    "{\"a\": 1}", "{\"l\": $x, \"r\": $x}",  // objects shared: small in memory, huge written out
                    "\"ab\"", "[$x, $x]");                 // arrays shared
            for (Map.Entry<String, String> d : doublings.entrySet()) {
                String query = "def double(x, n) if ($n > 0) double(" + d.getValue() + ", $n - 1) else $x  double("
                        + d.getKey() + " + .none, 30)";
                JsonNode run = defaults.runAndWait(defaults.create(chain("jslt", query)), Json.object());
                assertThat(run.get("status").asText()).as(query).isEqualTo("failed");
                assertThat(TestServer.nodeLog(run, "t").get("error").asText()).as(query)
                        .startsWith("Node 't': output is larger than 16 MB (WEBOPS_NODE_MAX_OUTPUT_BYTES)");
            }
            String fine = defaults.create(chain("jslt", "{\"n\": .n + 1}"));
            assertThat(defaults.runAndWait(fine, Json.object().put("n", 1)).at("/output/n").asInt()).isEqualTo(2);
            assertThat(defaults.get("/observe/health").status()).isEqualTo(200);
        }
    }

    @Test
    void aJsltQueryRecursingWithoutEndOrBuildingTooMuchInAllFailsItsNode() throws Exception {
        String id = s.create(chain("jslt", "def grow(s, n) if ($n > 0) grow($s + \"x\", $n - 1) else size($s)  "
                + "grow(.s, 1000)"));
        JsonNode run = s.runAndWait(id, Json.object().put("s", "x".repeat(60 * 1024)));
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(TestServer.nodeLog(run, "t").get("error").asText())
                .isEqualTo("Node 't': its transform built more than 256 KB of values in all, 4 times the output limit"
                        + " of 64 KB (WEBOPS_NODE_MAX_OUTPUT_BYTES)");

        JsonNode endless = s.runAndWait(s.create(chain("jslt", "def f(x) f($x) f(.)")), Json.object());
        assertThat(TestServer.nodeLog(endless, "t").get("error").asText()).endsWith("JSLT: the query recursed too deeply");
    }

    @Test
    void aJsltQueryWhoseConstantsComeToTooMuchIsRefusedWhenSaved() throws Exception {
        StringBuilder query = new StringBuilder("let a0 = [1, 2, 3, 4]\n");
        for (int i = 1; i <= 30; i++) {
            query.append("let a").append(i).append(" = $a").append(i - 1).append(" + $a").append(i - 1).append('\n');
        }
        query.append("$a30");
        TestServer.Reply r = s.post("/api/workflows", chain("jslt", query.toString()));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/error/details/0/message").asText()).isEqualTo("Node 't': config.query does not compile: "
                + "JSLT: the values the query computes from its literals when it is compiled come to more than 16 MB");
    }

    @Test
    void aCatastrophicRegexIsStoppedAtItsNodesTimeoutAndNoThreadGoesOnMatching() throws Exception {
        String regex = "(.*a){15}b";
        for (String call : new String[] {"test(.s, \"" + regex + "\")", "capture(.s, \"(?<all>" + regex + ")\")",
                "split(.s, \"" + regex + "\")", "replace(.s, \"" + regex + "\", \"x\")"}) {
            String id = s.create(chain("jslt", "{\"r\": " + call + "}", 1));
            JsonNode run = s.runAndWait(id, Json.object().put("s", "a".repeat(40)));
            assertThat(run.get("status").asText()).as(call).isEqualTo("failed");
            assertThat(TestServer.nodeLog(run, "t").get("error").asText()).as(call)
                    .isEqualTo("Node 't' ran past its timeout of 1 s and was stopped");
            assertThat(awaitNoThreadMatching()).as("a thread still matches after " + call).isEmpty();
        }
    }

    @Test
    void aJsonPathRegexFilterIsRefusedWhenSaved() throws Exception {
        TestServer.Reply r = s.post("/api/workflows", chain("jsonpath", "$.items[?(@.name =~ /(.*a){15}b/)]"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().at("/error/details/0/message").asText()).contains("regular-expression filters (=~) are not supported");
        assertThat(s.post("/api/workflows", chain("jsonpath", "$.items[?(@.name == 'a=~b')]")).status())
                .as("=~ inside a string is text").isEqualTo(201);
    }

    /** The threads still inside a JSLT regular expression once a bounded wait is over (none, as soon as there are none). */
    private static java.util.List<String> awaitNoThreadMatching() throws InterruptedException {
        java.time.Instant until = java.time.Instant.now().plusSeconds(10);
        java.util.List<String> matching;
        do {
            matching = new java.util.ArrayList<>();
            for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
                java.util.List<String> frames = java.util.Arrays.stream(t.getValue()).map(StackTraceElement::getClassName).toList();
                if (frames.stream().anyMatch(f -> f.startsWith("java.util.regex."))
                        && frames.stream().anyMatch(f -> f.startsWith("com.schibsted.spt.data.jslt.") || f.startsWith("io.webops.transform."))) {
                    matching.add(t.getKey().getName());
                }
            }
            if (matching.isEmpty()) {
                return matching;
            }
            Thread.sleep(100);
        } while (java.time.Instant.now().isBefore(until));
        return matching;
    }

    /** webhook_input 'in' -> transform 't' with the query. */
    static String chain(String language, String query) {
        return chain(language, query, 60);
    }

    /** The same, the transform's timeout and the workflow's (a little longer) given. */
    static String chain(String language, String query, int timeoutSeconds) {
        return Json.write(Map.of("name", "runaway " + language,
                "settings", Map.of("timeout_seconds", timeoutSeconds + 2),
                "nodes", java.util.List.of(Map.of("id", "in", "type", "webhook_input"),
                        Map.of("id", "t", "type", "transform", "timeout_seconds", timeoutSeconds,
                                "config", Map.of("type", language, "query", query))),
                "connections", java.util.List.of(Map.of("source", "in", "target", "t"))));
    }
}
