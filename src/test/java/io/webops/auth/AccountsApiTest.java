package io.webops.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountsApiTest {

    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anonymousRequestsGet401WithTheErrorShapeButHealthAndSignInAreOpen() throws Exception {
        Reply workflows = server.anonymous().get("/api/workflows");
        assertThat(workflows.status()).isEqualTo(401);
        assertThat(workflows.json().at("/error/code").asText()).isEqualTo("unauthorized");
        assertThat(workflows.json().at("/error/message").asText()).contains("Bearer");
        assertThat(server.anonymous().get("/observe/health").status()).isEqualTo(200);
        assertThat(server.anonymous().post("/api/auth/login", Map.of("email", "x@y.z", "password", "wrong-one")).status())
                .isEqualTo(401);
        assertThat(server.as("wo_not-a-token").get("/api/me").status()).isEqualTo(401);
    }

    @Test
    void bootstrapAdminTokenIdentifiesTheAdmin() throws Exception {
        Reply me = server.get("/api/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asText()).isEqualTo(TestServer.ADMIN_EMAIL);
        assertThat(me.json().get("role").asText()).isEqualTo("admin");
        assertThat(me.json().has("password_hash")).isFalse();
    }

    @Test
    void loginSetsHttpOnlyStrictSessionCookieAndCsrfCookieAndUnsafeRequestsNeedTheCsrfHeader() throws Exception {
        Reply login = server.anonymous().post("/api/auth/login",
                Map.of("email", TestServer.ADMIN_EMAIL.toUpperCase(), "password", TestServer.ADMIN_PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        List<String> cookies = login.raw().headers().allValues("Set-Cookie");
        String session = cookies.stream().filter(c -> c.startsWith("webops_session=")).findFirst().orElseThrow();
        String csrf = cookies.stream().filter(c -> c.startsWith("webops_csrf=")).findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(csrf).doesNotContain("HttpOnly").contains("SameSite=Strict");
        String sessionValue = value(session);
        String csrfValue = value(csrf);
        assertThat(login.json().get("csrf_token").asText()).isEqualTo(csrfValue);

        String cookieHeader = "webops_session=" + sessionValue + "; webops_csrf=" + csrfValue;
        TestServer anon = server.anonymous();
        Reply me = anon.send(request("/api/me").header("Cookie", cookieHeader).GET());
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asText()).isEqualTo(TestServer.ADMIN_EMAIL);

        String doc = "{\"name\": \"by cookie\", \"nodes\": [{\"id\": \"in\", \"type\": \"webhook_input\"}], \"connections\": []}";
        Reply withoutCsrf = anon.send(request("/api/workflows").header("Cookie", cookieHeader)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(doc)));
        assertThat(withoutCsrf.status()).isEqualTo(403);
        assertThat(withoutCsrf.json().at("/error/message").asText()).contains("X-CSRF-Token");
        Reply wrongCsrf = anon.send(request("/api/workflows").header("Cookie", cookieHeader).header("X-CSRF-Token", "guess")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(doc)));
        assertThat(wrongCsrf.status()).isEqualTo(403);
        Reply withCsrf = anon.send(request("/api/workflows").header("Cookie", cookieHeader).header("X-CSRF-Token", csrfValue)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(doc)));
        assertThat(withCsrf.status()).isEqualTo(201);

        Reply logout = anon.send(request("/api/auth/logout").header("Cookie", cookieHeader).header("X-CSRF-Token", csrfValue)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(logout.status()).isEqualTo(204);
        assertThat(anon.send(request("/api/me").header("Cookie", cookieHeader).GET()).status()).isEqualTo(401);
    }

    @Test
    void apiTokensAreShownOnceListedWithoutValueAndRevocable() throws Exception {
        String token = server.userToken("tokens@webops.test", "editor");
        TestServer user = server.as(token);
        Reply created = user.post("/api/tokens", Map.of("name", "ci"));
        assertThat(created.status()).isEqualTo(201);
        String second = created.json().get("token").asText();
        String secondId = created.json().get("id").asText();

        Reply list = server.as(second).get("/api/tokens");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items")).hasSize(2);
        assertThat(list.text()).doesNotContain(second).doesNotContain(token);
        assertThat(list.json().get("items").findValuesAsText("name")).contains("ci");
        assertThat(list.json().get("items").get(0).has("last_used_at")).isTrue();

        assertThat(server.delete("/api/tokens/" + secondId).status()).as("someone else's token").isEqualTo(404);
        assertThat(user.delete("/api/tokens/" + secondId).status()).isEqualTo(204);
        assertThat(server.as(second).get("/api/me").status()).isEqualTo(401);
        assertThat(user.get("/api/me").status()).isEqualTo(200);
    }

    @Test
    void onlyAdminsManageUsersAndTheLastAdminStays() throws Exception {
        String editor = server.userToken("editor@webops.test", "editor");
        assertThat(server.as(editor).get("/api/users").status()).isEqualTo(403);
        assertThat(server.as(editor).post("/api/users", Map.of("email", "z@webops.test", "password", "12345678", "role", "admin")).status())
                .isEqualTo(403);

        Reply users = server.get("/api/users");
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.text()).contains("editor@webops.test").doesNotContain("argon2");

        assertThat(server.post("/api/users", Map.of("email", "weak@webops.test", "password", "short", "role", "editor")).json()
                .at("/error/message").asText()).contains("password").contains("8");
        assertThat(server.post("/api/users", Map.of("email", "editor@webops.test", "password", "long-enough", "role", "editor")).status())
                .isEqualTo(409);
        assertThat(server.post("/api/users", Map.of("email", "r@webops.test", "password", "long-enough", "role", "root")).status())
                .isEqualTo(400);

        String adminId = server.get("/api/me").json().get("id").asText();
        assertThat(server.put("/api/users/" + adminId, Map.of("role", "viewer")).status()).isEqualTo(409);
        assertThat(server.delete("/api/users/" + adminId).status()).isEqualTo(409);

        String editorId = server.as(editor).get("/api/me").json().get("id").asText();
        assertThat(server.put("/api/users/" + editorId, Map.of("role", "viewer")).json().get("role").asText()).isEqualTo("viewer");
        assertThat(server.as(editor).get("/api/me").json().get("role").asText()).isEqualTo("viewer");
        assertThat(server.delete("/api/users/" + editorId).status()).isEqualTo(204);
        assertThat(server.as(editor).get("/api/me").status()).as("tokens of a deleted user").isEqualTo(401);
    }

    @Test
    void aDisabledAccountNeitherSignsInNorUsesItsTokenOrSessionUntilEnabledAndTheLastAdminStaysEnabled() throws Exception {
        String token = server.userToken("dora@webops.test", "editor");
        TestServer dora = server.as(token);
        String doraId = dora.get("/api/me").json().get("id").asText();
        String session = value(server.anonymous().post("/api/auth/login", Map.of("email", "dora@webops.test",
                "password", "password-of-dora@webops.test")).raw().headers().allValues("Set-Cookie").get(0));

        Reply disabled = server.put("/api/users/" + doraId, Map.of("disabled", true));
        assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
        Reply refused = dora.get("/api/me");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().at("/error/message").asText()).contains("disabled");
        assertThat(server.anonymous().send(request("/api/me").header("Cookie", "webops_session=" + session).GET()).status())
                .as("the session ended").isEqualTo(401);
        assertThat(server.anonymous().post("/api/auth/login", Map.of("email", "dora@webops.test",
                "password", "password-of-dora@webops.test")).status()).isEqualTo(401);
        assertThat(server.anonymous().post("/api/auth/login", Map.of("email", "dora@webops.test",
                "password", "wrong-password")).json().at("/error/message").asText())
                .as("a wrong password does not learn that the account is disabled").isEqualTo("Wrong e-mail or password");
        assertThat(server.get("/api/users").json().get("items").findValues("disabled").stream().filter(d -> d.asBoolean()))
                .hasSize(1);

        assertThat(server.put("/api/users/" + doraId, Map.of("disabled", false)).json().get("disabled").asBoolean()).isFalse();
        assertThat(dora.get("/api/me").status()).as("the token works again").isEqualTo(200);
        assertThat(server.put("/api/users/" + doraId, Map.of("disabled", "yes")).status()).isEqualTo(400);

        String adminId = server.get("/api/me").json().get("id").asText();
        assertThat(server.put("/api/users/" + adminId, Map.of("disabled", true)).status()).isEqualTo(409);
        assertThat(server.get("/api/audit?resource_id=" + doraId + "&action=user.update").json().get("items")
                .findValuesAsText("disabled")).as("enabled, after disabled").containsExactly("false", "true");
        assertThat(server.delete("/api/users/" + doraId).status()).isEqualTo(204);
    }

    @Test
    void tokenEndpointRefusesWrongPasswordsWithTheSameAnswerForUnknownAccounts() throws Exception {
        Reply wrong = server.anonymous().post("/api/auth/token", Map.of("email", TestServer.ADMIN_EMAIL, "password", "nope-nope"));
        Reply unknown = server.anonymous().post("/api/auth/token", Map.of("email", "ghost@webops.test", "password", "nope-nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().at("/error/message").asText()).isEqualTo(unknown.json().at("/error/message").asText());
    }

    @Test
    void signInAttemptsBeyondTheLimitGet429WithRetryAfter() throws Exception {
        try (TestServer limited = TestServer.start(Map.of("WEBOPS_SIGNIN_RATE_PER_MINUTE", "3"))) {
            Map<String, String> wrong = Map.of("email", TestServer.ADMIN_EMAIL, "password", "wrong-password");
            for (int i = 0; i < 3; i++) {
                assertThat(limited.anonymous().post("/api/auth/login", wrong).status()).isEqualTo(401);
            }
            Reply limitedReply = limited.anonymous().post("/api/auth/login",
                    Map.of("email", TestServer.ADMIN_EMAIL, "password", TestServer.ADMIN_PASSWORD));
            assertThat(limitedReply.status()).isEqualTo(429);
            assertThat(limitedReply.json().at("/error/code").asText()).isEqualTo("too_many_requests");
            assertThat(Long.parseLong(limitedReply.raw().headers().firstValue("Retry-After").orElseThrow())).isPositive();
            assertThat(limited.get("/api/me").status()).as("token requests are not sign-ins").isEqualTo(200);
        }
    }

    @Test
    void withoutBootstrapSettingsTheLoggedSetupLinkCreatesTheFirstAdminOnce() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TestServer fresh;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            fresh = TestServer.start(Map.of("WEBOPS_ADMIN_EMAIL", "", "WEBOPS_ADMIN_PASSWORD", "", "WEBOPS_ADMIN_TOKEN", ""));
        } finally {
            System.setErr(err);
        }
        try (fresh) {
            Matcher link = Pattern.compile("http://localhost:\\d+/setup\\?token=(setup_[A-Za-z0-9_-]+)")
                    .matcher(log.toString(StandardCharsets.UTF_8));
            assertThat(link.find()).as("setup link logged").isTrue();
            TestServer anon = fresh.anonymous();
            assertThat(anon.post("/api/auth/setup", Map.of("token", "setup_wrong", "email", "first@webops.test",
                    "password", "first-password")).status()).isEqualTo(403);
            Reply setup = anon.post("/api/auth/setup", Map.of("token", link.group(1), "email", "first@webops.test",
                    "password", "first-password"));
            assertThat(setup.status()).isEqualTo(201);
            assertThat(setup.json().get("role").asText()).isEqualTo("admin");
            assertThat(anon.post("/api/auth/setup", Map.of("token", link.group(1), "email", "second@webops.test",
                    "password", "second-password")).status()).isEqualTo(409);
            Reply token = anon.post("/api/auth/token", Map.of("email", "first@webops.test", "password", "first-password"));
            assertThat(fresh.as(token.json().get("token").asText()).get("/api/users").status()).isEqualTo(200);
        }
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(server.base + path));
    }

    private static String value(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }
}
