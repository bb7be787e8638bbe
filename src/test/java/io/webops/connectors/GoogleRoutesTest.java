package io.webops.connectors;

import static io.webops.TestServer.nodeLog;
import static io.webops.connectors.Flows.credential;
import static io.webops.connectors.Flows.oneNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.connectors.FakeApi.Response;
import io.webops.json.Json;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * google_sheets sends through camel-google-sheets in its own route, google_docs through the HTTP Kamelet: the YAML
 * names the operation and nothing of the run (spreadsheet, range, rows, document, credential), the request the fake
 * receives is exactly the API call with the credential's access token, a rate limit is retried by Camel's redelivery,
 * the SSRF guard refuses a loopback API root unless allowed, and user text arrives literally.
 */
class GoogleRoutesTest {

    static final String CLIENT_SECRET = "client-secret-GOCSPX-route-31";
    static final String REFRESH_TOKEN = "1//refresh-route-secret-77";
    static TestServer server;
    static FakeApi google;
    static String oauthClient;
    static final AtomicInteger tokensIssued = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        google = new FakeApi();
        server = TestServer.start();
        oauthClient = credential(server, "google", Map.of("client_id", "client-7.apps.googleusercontent.com",
                "client_secret", CLIENT_SECRET, "refresh_token", REFRESH_TOKEN, "api_root_url", google.url("")));
    }

    @AfterAll
    static void stop() {
        server.close();
        google.close();
    }

    @BeforeEach
    void reset() {
        google.reset();
        google.on("/oauth2/v4/token", r -> REFRESH_TOKEN.equals(GoogleApisTest.form(r.body()).get("refresh_token"))
                ? Response.json(200, "{\"access_token\": \"ya29.route-" + tokensIssued.incrementAndGet() + "\", \"expires_in\": 3599}")
                : Response.json(400, "{\"error\": \"invalid_grant\"}"));
    }

    static String bearer() {
        return "Bearer ya29.route-" + tokensIssued.get();
    }

    @Test
    void theRouteSendsToGoogleSheetsAndNamesNothingOfTheRun() throws Exception {
        google.on("/v4/spreadsheets/sheet-in-yaml-7/values/Hidden!B2:D", Response.json(200, "{\"range\": \"Hidden!B2:D2\", \"values\": [[\"a\"]]}"));
        google.on("/v4/spreadsheets/sheet-in-yaml-7/values/Hidden!B2:D:append", Response.json(200, "{\"updates\": {\"updatedRows\": 1}}"));
        String read = oneNode(server, "google_sheets", oauthClient, Map.of("spreadsheet_id", "sheet-in-yaml-7", "range", "Hidden!B2:D"), 0);
        String append = oneNode(server, "google_sheets", oauthClient, Map.of("spreadsheet_id", "sheet-in-yaml-7", "range", "Hidden!B2:D",
                "mode", "append", "rows", List.of(List.of("row-value-in-yaml"))), 0);
        assertThat(server.runAndWait(read, Map.of()).get("status").asText()).isEqualTo("success");
        assertThat(server.runAndWait(append, Map.of()).get("status").asText()).isEqualTo("success");

        String readYaml = server.get("/api/workflows/" + read + "/routes").text();
        String appendYaml = server.get("/api/workflows/" + append + "/routes").text();
        assertThat(readYaml).contains("google-sheets:data/get");
        assertThat(appendYaml).contains("google-sheets:data/append", "inBody: \"values\"", "valueInputOption: \"USER_ENTERED\"",
                "insertDataOption: \"INSERT_ROWS\"");
        for (String yaml : List.of(readYaml, appendYaml)) {
            assertThat(yaml).doesNotContain("sheet-in-yaml-7", "Hidden!B2", "row-value-in-yaml", CLIENT_SECRET, REFRESH_TOKEN,
                    "ya29.route", "client-7.apps", "clientId", "clientSecret", "accessToken", "refreshToken", "serviceAccountKey");
        }
    }

    @Test
    void appendSendsExactlyTheSheetsCallWithTheCredentialsTokenAndUserTextLiterally() throws Exception {
        String path = "/v4/spreadsheets/sheet-9/values/Log!A1:C:append";
        google.on(path, Response.json(200, "{\"updates\": {\"updatedRange\": \"Log!A2:C3\", \"updatedRows\": 2}}"));
        String id = oneNode(server, "google_sheets", oauthClient, Map.of("spreadsheet_id", "{{ data.sheet }}", "range", "Log!A1:C",
                "mode", "append", "columns", List.of("a", "b", "c")), 0);
        JsonNode ex = server.runAndWait(id, Map.of("sheet", "sheet-9"));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        // no rows configured: the input is the row
        assertThat(ex.get("output")).isEqualTo(Json.parse("{\"updated_range\": \"Log!A2:C3\", \"updated_rows\": 2}"));

        JsonNode injected = Json.parse("""
                {"sheet": "sheet-9", "a": "{{sys:user.home}}", "b": "${body}", "c": "#{x}"}""");
        String literal = oneNode(server, "google_sheets", oauthClient, Map.of("spreadsheet_id", "{{ data.sheet }}", "range", "Log!A1:C",
                "mode", "append", "rows", List.of(Map.of("a", "{{ data.a }}", "b", "{{ data.b }}", "c", "{{ data.c }}"),
                        List.of(1, true, 2.5)), "columns", List.of("a", "b", "c")), 0);
        google.reset();
        reset();
        google.on(path, Response.json(200, "{\"updates\": {\"updatedRange\": \"Log!A2:C3\", \"updatedRows\": 2}}"));
        JsonNode second = server.runAndWait(literal, injected);
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("success");

        List<FakeApi.Request> sent = google.requests(path);
        assertThat(sent).hasSize(1);
        FakeApi.Request r = sent.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).startsWith(path + "?");
        assertThat(GoogleApisTest.form(r.path().substring(path.length() + 1)))
                .isEqualTo(Map.of("valueInputOption", "USER_ENTERED", "insertDataOption", "INSERT_ROWS"));
        assertThat(r.header("Authorization")).isEqualTo(bearer());
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("Content-Encoding")).isNull();
        assertThat(r.body()).isEqualTo("{\"majorDimension\":\"ROWS\",\"values\":[[\"{{sys:user.home}}\",\"${body}\",\"#{x}\"],[1,true,2.5]]}");
        assertThat(google.requests("/oauth2/v4/token")).hasSize(1);
    }

    @Test
    void readSendsAGetOnTheCredentialsRootWithTheRangeInThePath() throws Exception {
        String path = "/v4/spreadsheets/sheet-3/values/%7B%7Bsys:user.home%7D%7D!A1:B";
        google.on(path, Response.json(200, "{\"range\": \"x\", \"values\": [[\"k\"], [\"v\"]]}"));
        String id = oneNode(server, "google_sheets", oauthClient, Map.of("spreadsheet_id", "sheet-3", "range", "{{ data.range }}"), 0);
        JsonNode ex = server.runAndWait(id, Map.of("range", "{{sys:user.home}}!A1:B"));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output")).isEqualTo(Json.parse("{\"rows\": [{\"k\": \"v\"}], \"range\": \"x\"}"));
        List<FakeApi.Request> sent = google.requests(path);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).method()).isEqualTo("GET");
        assertThat(sent.get(0).path()).isEqualTo(path);
        assertThat(sent.get(0).header("Authorization")).isEqualTo(bearer());
        assertThat(sent.get(0).body()).isEmpty();
    }

    @Test
    void aRateLimitIsRetriedByRedeliveryOfTheSend() throws Exception {
        String path = "/v4/spreadsheets/sheet-429/values/A1:B";
        google.on(path, Response.json(429, "{\"error\": {\"code\": 429, \"message\": \"Quota exceeded\", \"status\": \"RESOURCE_EXHAUSTED\"}}"),
                Response.json(200, "{\"range\": \"A1:B2\", \"values\": [[\"n\"], [\"1\"]]}"));
        String id = oneNode(server, "google_sheets", oauthClient, Map.of("spreadsheet_id", "sheet-429", "range", "A1:B"), 2);
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(nodeLog(ex, "node").get("attempts").asInt()).isEqualTo(2);
        assertThat(ex.get("output").get("rows")).isEqualTo(Json.parse("[{\"n\": \"1\"}]"));
        List<FakeApi.Request> reads = google.requests(path);
        assertThat(reads).hasSize(2);
        assertThat(reads).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(bearer()));
    }

    @Test
    void aFailureNamesTheNodeAndQuotesGoogleWithoutRetryingA4xx() throws Exception {
        google.on("/v4/spreadsheets/locked/values/A1:B", Response.json(403,
                "{\"error\": {\"code\": 403, \"message\": \"The caller does not have permission\", \"status\": \"PERMISSION_DENIED\"}}"));
        String id = oneNode(server, "google_sheets", oauthClient, Map.of("spreadsheet_id", "locked", "range", "A1:B"), 3);
        JsonNode log = nodeLog(server.runAndWait(id, Map.of()), "node");
        assertThat(log.get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("error").asText()).isEqualTo("Node 'node': no permission to access spreadsheet 'locked' range A1:B"
                + " (Google: The caller does not have permission); share it with the service account's client_email or the OAuth user");
        assertThat(google.requests("/v4/spreadsheets/locked/values/A1:B")).hasSize(1);
    }

    @Test
    void theSsrfGuardRefusesALoopbackApiRootByDefaultAndNothingIsSent() throws Exception {
        try (TestServer guarded = TestServer.start(Map.of("WEBOPS_SSRF_ALLOW", ""))) {
            String loopback = credential(guarded, "google", Map.of("client_id", "c", "client_secret", CLIENT_SECRET,
                    "refresh_token", REFRESH_TOKEN, "api_root_url", google.url("")));
            String id = guarded.create(Json.write(Map.of("name", "guarded", "nodes", List.of(
                    Map.of("id", "sheet", "type", "google_sheets", "config", Map.of("credential", loopback,
                            "spreadsheet_id", "s1", "range", "A1:B")),
                    Map.of("id", "handle", "type", "error_handler")),
                    "connections", List.of(Map.of("source", "sheet", "target", "handle", "sourceHandle", "error")))));
            JsonNode ex = guarded.runAndWait(id, Map.of());
            JsonNode error = nodeLog(ex, "handle").get("input");
            assertThat(error.get("type").asText()).as(ex.toString()).isEqualTo("SsrfRefused");
            assertThat(error.get("message").asText()).startsWith("Node 'sheet': calling Google failed: Refused")
                    .doesNotContain(CLIENT_SECRET).doesNotContain(REFRESH_TOKEN);
        }
        assertThat(google.requests).isEmpty();
    }

    @Test
    void docsSendsOneGetThroughTheHttpKameletAndItsRouteNamesNoDocumentOrToken() throws Exception {
        String path = "/v1/documents/doc-in-yaml-5";
        google.on(path, Response.json(200, "{\"documentId\": \"doc-in-yaml-5\", \"title\": \"T\", \"body\": {\"content\": ["
                + "{\"paragraph\": {\"elements\": [{\"textRun\": {\"content\": \"${body} {{sys:user.home}}\\n\"}}]}}]}}"));
        String id = oneNode(server, "google_docs", oauthClient, Map.of("document_id", "{{ data.doc }}"), 0);
        JsonNode ex = server.runAndWait(id, Map.of("doc", "doc-in-yaml-5"));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output")).isEqualTo(Json.parse("""
                {"document_id": "doc-in-yaml-5", "title": "T", "body": "${body} {{sys:user.home}}\\n",
                 "content": "${body} {{sys:user.home}}\\n"}"""));
        List<FakeApi.Request> sent = google.requests(path);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).method()).isEqualTo("GET");
        assertThat(sent.get(0).path()).isEqualTo(path);
        assertThat(sent.get(0).header("Authorization")).isEqualTo(bearer());

        String yaml = server.get("/api/workflows/" + id + "/routes").text();
        assertThat(yaml).contains("kamelet:webops-http-action", "failOnStatus: true");
        assertThat(yaml).doesNotContain("doc-in-yaml-5", CLIENT_SECRET, REFRESH_TOKEN, "ya29.route", "client-7.apps");
    }

    @Test
    void docsRetriesAServerErrorByRedeliveryOfTheSend() throws Exception {
        String path = "/v1/documents/doc-503";
        google.on(path, Response.json(503, "{\"error\": {\"code\": 503, \"message\": \"Backend Error\"}}"),
                Response.json(200, "{\"documentId\": \"doc-503\", \"title\": \"Back\"}"));
        String id = oneNode(server, "google_docs", oauthClient, Map.of("document_id", "doc-503"), 2);
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(nodeLog(ex, "node").get("attempts").asInt()).isEqualTo(2);
        assertThat(ex.get("output").get("title").asText()).isEqualTo("Back");
        assertThat(google.requests(path)).hasSize(2);
        assertThat(google.requests("/oauth2/v4/token")).hasSize(1);
    }
}
