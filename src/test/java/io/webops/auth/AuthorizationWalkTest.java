package io.webops.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.TestServer;
import io.webops.TestServer.Reply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack suite: walks every API route registered in the CamelContext (route id prefix {@code api.}, so areas added
 * later are walked too), with every method it accepts, against the admin's resources: anonymous callers get 401
 * everywhere but the few open routes; a viewer and an editor who were shared nothing get no 2xx on a route that
 * names a resource, see none of the admin's ids in any answer, and change nothing.
 */
class AuthorizationWalkTest {

    /** The routes anyone may call. Adding one here is a security decision. */
    private static final Set<String> OPEN = Set.of("api.auth.login", "api.auth.setup", "api.auth.token", "api.health");
    private static final String ADMIN_DOC = """
            {"name": "admin's secret flow", "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""";
    /** What the walk sends as a body: valid, so no answer is a mere body error hiding a missing access check. */
    private static final String WALK_DOC = """
            {"name": "walker", "nodes": [{"id": "in", "type": "webhook_input"}], "connections": []}""";

    private static TestServer server;
    private static String workflowId;
    private static String executionId;
    private static String adminId;
    private static String adminTokenId;
    private static List<String[]> walked;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        workflowId = server.create(ADMIN_DOC);
        executionId = server.runAndWait(workflowId, Map.of()).get("id").asText();
        adminId = server.get("/api/me").json().get("id").asText();
        adminTokenId = server.get("/api/tokens").json().get("items").get(0).get("id").asText();
        walked = routes();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** [route id, method, path with the admin's resource ids filled in] for every API route and method. */
    private static List<String[]> routes() {
        List<String[]> out = new ArrayList<>();
        for (Route route : server.server().camel().getRoutes()) {
            if (!route.getRouteId().startsWith("api.") || !(route.getEndpoint() instanceof PlatformHttpEndpoint http)) {
                continue;
            }
            String path = http.getPath();
            String filled = path.startsWith("/api/executions/") ? path.replace("{id}", executionId)
                    : path.startsWith("/api/users/") ? path.replace("{id}", adminId)
                    : path.startsWith("/api/tokens/") ? path.replace("{id}", adminTokenId)
                    : path.replaceAll("\\{[^}]+}", workflowId);
            String methods = http.getHttpMethodRestrict() == null ? "GET,POST,PUT,DELETE" : http.getHttpMethodRestrict();
            for (String method : methods.split(",")) {
                out.add(new String[] {route.getRouteId(), method.trim(), filled, path});
            }
        }
        return out;
    }

    @Test
    void theWalkCoversEveryApiRouteIncludingAccountsAndWorkflows() {
        assertThat(walked).extracting(r -> r[0]).contains("api.workflows", "api.workflow", "api.run", "api.share",
                "api.executions", "api.execution", "api.users", "api.user", "api.tokens", "api.audit", "api.metrics", "api.me");
        System.out.println("Authorization walk: " + walked.size() + " route/method pairs");
    }

    @Test
    void anonymousCallersGet401OnEveryRouteButTheOpenOnes() throws Exception {
        for (String[] r : walked) {
            Reply reply = call(server.anonymous(), r[1], r[2]);
            if (OPEN.contains(r[0])) {
                assertThat(reply.text()).as(r[1] + " " + r[2]).doesNotContain(workflowId, executionId, adminId);
                if (!r[0].equals("api.health")) {
                    assertThat(reply.status()).as(r[1] + " " + r[2]).isBetween(400, 499);
                }
            } else {
                assertThat(reply.status()).as("anonymous " + r[1] + " " + r[2]).isEqualTo(401);
                assertThat(reply.json().at("/error/code").asText()).isEqualTo("unauthorized");
            }
        }
    }

    @Test
    void usersWhoWereSharedNothingSeeAndChangeNothingOfTheAdmins() throws Exception {
        String before = server.get("/api/workflows/" + workflowId).text();
        int executionsBefore = server.get("/api/executions?workflow_id=" + workflowId).json().get("items").size();
        for (String role : List.of("viewer", "editor")) {
            TestServer other = server.as(server.userToken(role + "-walker@webops.test", role));
            for (String[] r : walked) {
                Reply reply = call(other, r[1], r[2]);
                String what = role + " " + r[1] + " " + r[2] + " -> " + reply.status() + " " + reply.text();
                // a 404 may repeat the id the caller asked for; it must not reveal anything else
                String answer = reply.text();
                for (String asked : List.of(workflowId, executionId, adminId, adminTokenId)) {
                    if (r[2].contains(asked)) {
                        answer = answer.replace("'" + asked + "' does not exist", "");
                    }
                }
                assertThat(answer).as(what).doesNotContain(workflowId, executionId, adminId, adminTokenId,
                        TestServer.ADMIN_EMAIL, "admin's secret flow");
                if (r[3].contains("{")) {
                    assertThat(reply.status()).as(what).isIn(400, 403, 404, 405, 422);
                }
            }
        }
        assertThat(server.get("/api/workflows/" + workflowId).text()).isEqualTo(before);
        assertThat(server.get("/api/executions?workflow_id=" + workflowId).json().get("items")).hasSize(executionsBefore);
        assertThat(server.get("/api/me").json().get("role").asText()).isEqualTo("admin");
        assertThat(server.get("/api/users").text()).contains(TestServer.ADMIN_EMAIL);
    }

    private static Reply call(TestServer client, String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(client.base + path)).header("Content-Type", "application/json");
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(WALK_DOC);
        return client.send(b.method(method, body));
    }
}
