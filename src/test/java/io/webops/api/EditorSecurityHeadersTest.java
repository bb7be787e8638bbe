package io.webops.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The canvas, the API and /observe answer with a Content-Security-Policy that allows only the canvas's own scripts,
 * are never framed, never sniffed and send no Referer, on every answer: successes, refusals and errors alike.
 */
class EditorSecurityHeadersTest {

    private static final int MAX_BODY = 4096;
    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start(Map.of("WEBOPS_WEBHOOK_MAX_BODY_BYTES", String.valueOf(MAX_BODY)));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void theCanvasPageAndItsMissingAssetsCarryThem() throws Exception {
        assertEditorHeaders(s.anonymous().get("/"));
        assertEditorHeaders(s.anonymous().get("/workflows/new"));
        Reply missing = s.anonymous().get("/assets/no-such-bundle.js");
        assertThat(missing.status()).isEqualTo(404);
        assertEditorHeaders(missing);
    }

    @Test
    void apiAnswersCarryThemSignedInOrNot() throws Exception {
        Reply ok = s.get("/api/workflows");
        assertThat(ok.status()).isEqualTo(200);
        assertEditorHeaders(ok);
        Reply anonymous = s.anonymous().get("/api/workflows");
        assertThat(anonymous.status()).isEqualTo(401);
        assertEditorHeaders(anonymous);
        Reply wrongPassword = s.anonymous().post("/api/auth/login",
                Map.of("email", TestServer.ADMIN_EMAIL, "password", "not-the-password"));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertEditorHeaders(wrongPassword);
    }

    @Test
    void errorsNoRouteGivesCarryThem() throws Exception {
        Reply unknown = s.get("/api/no-such-endpoint");
        assertThat(unknown.status()).isEqualTo(404);
        assertEditorHeaders(unknown);
        Reply nowhere = s.anonymous().get("/no-such-page");
        assertThat(nowhere.status()).isEqualTo(404);
        assertEditorHeaders(nowhere);
        Reply tooBig = s.post("/api/workflows", "{\"name\": \"" + "a".repeat(MAX_BODY * 2) + "\"}");
        assertThat(tooBig.status()).isEqualTo(413);
        assertEditorHeaders(tooBig);
    }

    @Test
    void theEventStreamAndObserveCarryThem() throws Exception {
        Reply stream = s.anonymous().send(HttpRequest.newBuilder(URI.create(s.base + "/api/executions/nope/events")).GET());
        assertThat(stream.status()).isEqualTo(401);
        assertEditorHeaders(stream);
        Reply health = s.anonymous().get("/observe/health");
        assertThat(health.status()).isEqualTo(200);
        assertEditorHeaders(health);
        Reply metrics = s.anonymous().get("/observe/metrics");
        assertThat(metrics.status()).isEqualTo(401);
        assertEditorHeaders(metrics);
    }

    private static void assertEditorHeaders(Reply r) {
        String what = "answer " + r.status() + " of " + r.raw().uri().getPath();
        assertThat(r.raw().headers().allValues("Content-Security-Policy")).as(what).hasSize(1);
        String csp = r.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).as(what).contains("default-src 'self'", "script-src 'self'", "connect-src 'self'",
                "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'");
        assertThat(directive(csp, "script-src")).as("no inline or eval'd script: " + what).doesNotContain("unsafe");
        assertThat(r.raw().headers().allValues("X-Frame-Options")).as(what).containsExactly("DENY");
        assertThat(r.raw().headers().allValues("X-Content-Type-Options")).as(what).containsExactly("nosniff");
        assertThat(r.raw().headers().allValues("Referrer-Policy")).as(what).containsExactly("no-referrer");
    }

    private static String directive(String csp, String name) {
        for (String d : csp.split(";")) {
            if (d.trim().startsWith(name + " ")) {
                return d.trim();
            }
        }
        throw new AssertionError("no " + name + " in " + csp);
    }
}
