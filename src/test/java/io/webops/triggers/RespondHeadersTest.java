package io.webops.triggers;

import static io.webops.triggers.WebhookAnswerHeadersTest.assertSandboxed;
import static io.webops.triggers.WebhookAnswerHeadersTest.hook;
import static io.webops.triggers.WebhookAnswerHeadersTest.webhook;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.TestServer;
import io.webops.TestServer.Reply;
import io.webops.json.Json;
import io.webops.nodes.control.ResponseHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a workflow may put in its webhook answer's headers: an allow-list, checked when the workflow is saved or
 * validated (422 naming the node and the header) and again when the answer is written.
 */
class RespondHeadersTest {

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
    void cookiesAreRefusedWhateverTheirCase() throws Exception {
        assertRefused("Set-Cookie", "set-cookie", "SET-COOKIE", "Set-Cookie2");
    }

    @Test
    void contentSecurityPoliciesAreRefused() throws Exception {
        assertRefused("Content-Security-Policy", "content-security-policy-report-only");
    }

    @Test
    void corsHeadersAreRefused() throws Exception {
        assertRefused("Access-Control-Allow-Origin", "access-control-allow-credentials");
    }

    @Test
    void strictTransportSecurityIsRefused() throws Exception {
        assertRefused("Strict-Transport-Security");
    }

    @Test
    void hopByHopHeadersAndContentLengthAreRefused() throws Exception {
        assertRefused("Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "TE", "Trailer",
                "Proxy-Authenticate", "Content-Length");
    }

    @Test
    void securityRelevantXHeadersAreRefused() throws Exception {
        assertRefused("X-Frame-Options", "x-content-type-options", "X-XSS-Protection", "X-Forwarded-For",
                "X-Real-IP", "X-Accel-Redirect");
    }

    @Test
    void headerNamesAreNotTemplatesAndMustBeTokens() throws Exception {
        Map<String, String> errors = refusedOnCreate(headers("{{ data.name }}", "v", "X Order", "v", "X-A:b", "v"));

        assertThat(errors).containsOnlyKeys("config.headers.{{ data.name }}", "config.headers.X Order", "config.headers.X-A:b");
        assertThat(errors.get("config.headers.{{ data.name }}"))
                .isEqualTo("Node 'r': '{{ data.name }}' is not a header name: use letters, digits and !#$%&'*+-.^_`|~ only"
                        + " (header names are not templates)");
    }

    @Test
    void headerValuesWithALineBreakAreRefused() throws Exception {
        Map<String, String> errors = refusedOnCreate(headers("X-Note", "a\r\nSet-Cookie: s=1", "X-Other", "b\nc"));

        assertThat(errors).containsExactly(
                Map.entry("config.headers.X-Note", "Node 'r': the value of header X-Note may not contain a line break or NUL"),
                Map.entry("config.headers.X-Other", "Node 'r': the value of header X-Other may not contain a line break or NUL"));
    }

    @Test
    void validateAndReplaceRefuseThemToo() throws Exception {
        String id = s.create(workflow(headers("X-Order-Id", "1")));
        JsonNode stored = s.get("/api/workflows/" + id).json();

        Reply validated = s.post("/api/workflows/validate", workflow(headers("Set-Cookie", "s=1")));
        Reply replaced = s.put("/api/workflows/" + id, workflow(headers("Set-Cookie", "s=1")));

        assertThat(validated.status()).isEqualTo(200);
        assertThat(validated.json().get("valid").asBoolean()).isFalse();
        assertThat(errors(validated.json().get("errors"))).containsOnlyKeys("config.headers.Set-Cookie");
        assertThat(replaced.status()).isEqualTo(422);
        assertThat(errors(replaced.json().at("/error/details"))).containsOnlyKeys("config.headers.Set-Cookie");
        assertThat(s.get("/api/workflows/" + id).json()).isEqualTo(stored);
    }

    @Test
    void allowedHeadersReachTheCallerInASandboxedAnswer() throws Exception {
        String path = webhook(s, "when_finished", null, respondNode(201, headers(
                "X-Order-Id", "order-{{ data.id }}", "cache-control", "no-store", "Content-Type", "text/plain")), IN_TO_R);

        Reply r = hook(s, path, "{\"id\": 42}");

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.raw().headers().firstValue("X-Order-Id")).contains("order-42");
        assertThat(r.raw().headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(r.raw().headers().firstValue("Content-Type")).contains("text/plain");
        assertSandboxed(r);
    }

    @Test
    void aRedirectWithLocationStillWorks() throws Exception {
        String path = webhook(s, "when_finished", null, respondNode(302, headers("Location", "https://example.com/done")), IN_TO_R);

        Reply r = hook(s, path, "{}");

        assertThat(r.status()).isEqualTo(302);
        assertThat(r.raw().headers().firstValue("Location")).contains("https://example.com/done");
        assertSandboxed(r);
    }

    @Test
    void aWorkflowSavedBeforeWithSetCookieNeverSendsIt() throws Exception {
        String path = "wh-" + UUID.randomUUID().toString().substring(0, 8);
        String id = "wf-saved-before-" + UUID.randomUUID().toString().substring(0, 8);
        String document = """
                {"name": "saved before", "trigger": {"type": "webhook", "path": "%s", "respond": "when_finished"},
                 "nodes": [%s], "connections": [%s]}""".formatted(path,
                respondNode(200, headers("Set-Cookie", "webops_session=planted; Path=/", "X-Order-Id", "7")), IN_TO_R);
        // as saved before the allow-list existed: straight into the store, past validation
        s.server().store().workflows().create(id, "saved before", document);

        Reply activated = s.post("/api/workflows/" + id + "/activate", "{}");
        Reply answer = hook(s, path, "{}");

        assertThat(activated.status()).as("deploying validates the saved document").isEqualTo(422);
        assertThat(errors(activated.json().at("/error/details"))).containsOnlyKeys("config.headers.Set-Cookie");
        assertThat(answer.raw().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(answer.status()).as("not deployed").isEqualTo(404);
    }

    @Test
    void aValueRenderedWithALineBreakIsDroppedWhenTheAnswerIsWritten() throws Exception {
        String path = webhook(s, "when_finished", null, respondNode(200, headers("X-Echo", "{{ data.v }}", "X-Kept", "yes")), IN_TO_R);

        Reply r = hook(s, path, Json.write(Map.of("v", "a\r\nSet-Cookie: webops_session=planted")));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().allValues("X-Echo")).isEmpty();
        assertThat(r.raw().headers().allValues("Set-Cookie")).isEmpty();
        assertThat(r.raw().headers().firstValue("X-Kept")).contains("yes");
    }

    @Test
    void theRunTimeFilterDropsWhatValidationRefuses() {
        Map<String, String> dropped = new LinkedHashMap<>();

        Map<String, String> sent = ResponseHeaders.sendable(Json.parse("""
                {"Set-Cookie": "a=1", "content-security-policy": "default-src *", "X-Order-Id": "7", "Content-Type": "text/html"}"""),
                dropped::put);

        assertThat(sent).containsExactly(Map.entry("X-Order-Id", "7"), Map.entry("Content-Type", "text/html"));
        assertThat(dropped).containsOnlyKeys("Set-Cookie", "content-security-policy");
    }

    @Test
    void theCatalogueSaysWhichHeadersAreAllowed() throws Exception {
        JsonNode respond = null;
        for (JsonNode t : s.get("/api/node-types").json()) {
            if (t.get("type").asText().equals("respond")) {
                respond = t;
            }
        }

        assertThat(respond).isNotNull();
        assertThat(respond.get("description").asText()).contains("Content-Security-Policy: sandbox");
        assertThat(respond.at("/config_schema/properties/headers/description").asText())
                .contains("Allowed: Content-Type", "Cache-Control", "Location", "X-*", "Set-Cookie", "names may not");
    }

    private static final String IN_TO_R = "{\"source\": \"in\", \"target\": \"r\"}";

    /** POSTs a workflow whose respond node 'r' sets each name and expects a 422 naming exactly those headers. */
    private static void assertRefused(String... names) throws Exception {
        String[] pairs = new String[names.length * 2];
        for (int i = 0; i < names.length; i++) {
            pairs[2 * i] = names[i];
            pairs[2 * i + 1] = "value";
        }
        Map<String, String> errors = refusedOnCreate(headers(pairs));

        assertThat(errors).hasSize(names.length);
        for (String name : names) {
            assertThat(errors.get("config.headers." + name)).as(name)
                    .startsWith("Node 'r': header " + name + " may not be set by a workflow (allowed: Content-Type,")
                    .contains("X-* headers except");
        }
    }

    private static Map<String, String> refusedOnCreate(ObjectNode headers) throws Exception {
        Reply r = s.post("/api/workflows", workflow(headers));
        assertThat(r.status()).as(r.text()).isEqualTo(422);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("validation_failed");
        for (JsonNode e : r.json().at("/error/details")) {
            assertThat(e.get("node_id").asText()).isEqualTo("r");
        }
        return errors(r.json().at("/error/details"));
    }

    private static Map<String, String> errors(JsonNode details) {
        Map<String, String> out = new LinkedHashMap<>();
        details.forEach(e -> out.put(e.get("field").asText(), e.get("message").asText()));
        return out;
    }

    private static ObjectNode headers(String... namesAndValues) {
        ObjectNode h = Json.object();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            h.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return h;
    }

    private static String respondNode(int status, ObjectNode headers) {
        return "{\"id\": \"in\", \"type\": \"webhook_input\"}, "
                + Json.write(Map.of("id", "r", "type", "respond", "config", Map.of("status", status, "headers", headers)));
    }

    private static String workflow(ObjectNode headers) {
        return """
                {"name": "respond headers", "trigger": {"type": "webhook", "path": "wh-%s", "respond": "when_finished"},
                 "nodes": [%s], "connections": [%s]}""".formatted(UUID.randomUUID().toString().substring(0, 8),
                respondNode(200, headers), IN_TO_R);
    }
}
