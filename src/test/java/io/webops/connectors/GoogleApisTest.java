package io.webops.connectors;

import static io.webops.connectors.Flows.credential;
import static io.webops.TestServer.nodeLog;
import static io.webops.connectors.Flows.oneNode;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.connectors.FakeApi.Response;
import io.webops.json.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * google_sheets and google_docs against a loopback fake of Google's token endpoint and REST APIs:
 * the service account's JWT is verified with its public key, the refresh-token grant checked
 * field by field, and the answers have the APIs' shapes, errors included.
 */
class GoogleApisTest {

    static final String REFRESH_TOKEN = "1//refresh-secret-0042";
    static final String CLIENT_SECRET = "client-secret-GOCSPX-77";
    static TestServer server;
    static FakeApi google;
    static KeyPair key;
    static String serviceAccountJson;
    static String serviceAccount;
    static String oauthClient;
    static final AtomicInteger tokensIssued = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        google = new FakeApi();
        server = TestServer.start();
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        serviceAccountJson = Json.write(Map.of("type", "service_account", "project_id", "p", "private_key_id", "kid-1",
                "private_key", pem, "client_email", "robot@p.iam.gserviceaccount.com", "token_uri", google.url("/token")));
        serviceAccount = credential(server, "google", Map.of("service_account_json", serviceAccountJson, "api_root_url", google.url("/")));
        oauthClient = credential(server, "google", Map.of("client_id", "client-1.apps.googleusercontent.com",
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
        google.on("/token", GoogleApisTest::jwtGrant);
        google.on("/oauth2/v4/token", GoogleApisTest::refreshGrant);
    }

    /** The service-account grant: a JWT signed RS256 by the account's key, for the token URI. */
    static Response jwtGrant(FakeApi.Request r) {
        Map<String, String> form = form(r.body());
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
            return Response.json(400, "{\"error\":\"unsupported_grant_type\"}");
        }
        String[] jwt = form.get("assertion").split("\\.");
        try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key.getPublic());
            s.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            if (!s.verify(Base64.getUrlDecoder().decode(jwt[2]))) {
                return Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");
            }
        } catch (Exception e) {
            return Response.json(400, "{\"error\":\"invalid_grant\"}");
        }
        JsonNode header = Json.parse(new String(Base64.getUrlDecoder().decode(jwt[0]), StandardCharsets.UTF_8));
        JsonNode claims = Json.parse(new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8));
        if (!header.path("alg").asText().equals("RS256") || !header.path("kid").asText().equals("kid-1")
                || !claims.path("iss").asText().equals("robot@p.iam.gserviceaccount.com")
                || !claims.path("aud").asText().equals(google.url("/token"))
                || claims.path("exp").asLong() - claims.path("iat").asLong() != 3600
                || !claims.path("scope").asText().startsWith("https://www.googleapis.com/auth/")) {
            return Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"bad claims\"}");
        }
        return Response.json(200, "{\"access_token\":\"ya29.sa-" + tokensIssued.incrementAndGet()
                + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
    }

    static Response refreshGrant(FakeApi.Request r) {
        Map<String, String> form = form(r.body());
        if (form.equals(Map.of("grant_type", "refresh_token", "client_id", "client-1.apps.googleusercontent.com",
                "client_secret", CLIENT_SECRET, "refresh_token", REFRESH_TOKEN))) {
            return Response.json(200, "{\"access_token\":\"ya29.user-" + tokensIssued.incrementAndGet()
                    + "\",\"expires_in\":3599,\"scope\":\"x\",\"token_type\":\"Bearer\"}");
        }
        return Response.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}");
    }

    /** The N of a bearer token ya29.sa-N / ya29.user-N issued by the fake. */
    static int tokenNumber(FakeApi.Request r) {
        String auth = r.header("Authorization");
        return Integer.parseInt(auth.substring(auth.lastIndexOf('-') + 1));
    }

    static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    static final String VALUES_PATH = "/v4/spreadsheets/sheet-77/values/Orders!A1:C";

    @Test
    void readsARangeAsObjectsKeyedByTheHeaderRow() throws Exception {
        google.on(VALUES_PATH, Response.json(200, """
                {"range": "Orders!A1:C3", "majorDimension": "ROWS",
                 "values": [["id", "customer", "total"], ["1", "Ann", "120"], ["2", "Bob"]]}"""));
        String id = oneNode(server, "google_sheets", serviceAccount, Map.of("spreadsheet_id", "{{ data.sheet }}", "range", "Orders!A1:C"), 0);
        JsonNode ex = server.runAndWait(id, Map.of("sheet", "sheet-77"));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output")).isEqualTo(Json.parse("""
                {"rows": [{"id": "1", "customer": "Ann", "total": "120"}, {"id": "2", "customer": "Bob", "total": ""}],
                 "range": "Orders!A1:C3"}"""));
        FakeApi.Request r = google.requests(VALUES_PATH).get(0);
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.header("Authorization")).isEqualTo("Bearer ya29.sa-" + tokensIssued.get());
        Map<String, String> grant = form(google.requests("/token").get(0).body());
        assertThat(Json.parse(new String(Base64.getUrlDecoder().decode(grant.get("assertion").split("\\.")[1]), StandardCharsets.UTF_8))
                .get("scope").asText()).isEqualTo("https://www.googleapis.com/auth/spreadsheets.readonly");
    }

    @Test
    void cachesTheAccessTokenUntilItExpires() throws Exception {
        google.on(VALUES_PATH, Response.json(200, "{\"range\": \"Orders!A1:C1\", \"values\": [[\"id\"]]}"));
        String id = oneNode(server, "google_sheets", serviceAccount, Map.of("spreadsheet_id", "sheet-77", "range", "Orders!A1:C"), 0);
        server.runAndWait(id, Map.of());
        server.runAndWait(id, Map.of());
        assertThat(google.requests(VALUES_PATH)).hasSize(2);
        assertThat(google.requests("/token")).hasSize(1);
    }

    @Test
    void aCachedTokenRevokedBeforeItExpiresIsReplacedOnce() throws Exception {
        google.on(VALUES_PATH, Response.json(200, "{\"range\": \"Orders!A1:C1\", \"values\": [[\"id\"]]}"));
        String id = oneNode(server, "google_sheets", serviceAccount, Map.of("spreadsheet_id", "sheet-77", "range", "Orders!A1:C"), 0);
        assertThat(server.runAndWait(id, Map.of()).get("status").asText()).isEqualTo("success");
        int revokedUpTo = tokensIssued.get();
        google.on(VALUES_PATH, r -> tokenNumber(r) > revokedUpTo
                ? Response.json(200, "{\"range\": \"Orders!A1:C1\", \"values\": [[\"id\"]]}")
                : Response.json(401, "{\"error\": {\"code\": 401, \"message\": \"Request had invalid authentication credentials.\","
                        + " \"status\": \"UNAUTHENTICATED\"}}"));
        JsonNode second = server.runAndWait(id, Map.of());
        assertThat(second.get("status").asText()).as(second.toString()).isEqualTo("success");
        assertThat(google.requests("/token")).hasSize(2);
        assertThat(google.requests(VALUES_PATH)).hasSize(3);
    }

    @Test
    void anAccessTokenGoogleRejectsIsAnAuthenticationError() throws Exception {
        google.on("/v1/documents/doc-401", Response.json(401, "{\"error\": {\"code\": 401, \"message\":"
                + " \"Request had invalid authentication credentials.\", \"status\": \"UNAUTHENTICATED\"}}"));
        String id = oneNode(server, "google_docs", serviceAccount, Map.of("document_id", "doc-401"), 3);
        JsonNode log = nodeLog(server.runAndWait(id, Map.of()), "node");
        assertThat(log.get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("error").asText()).isEqualTo("Node 'node': Google did not accept the access token for document 'doc-401'"
                + " (Google: Request had invalid authentication credentials.); check the google credential");
    }

    @Test
    void appendsRowsInColumnOrderAsUserEntered() throws Exception {
        String appendPath = "/v4/spreadsheets/sheet-77/values/Orders!A1:C:append";
        google.on(appendPath, Response.json(200, """
                {"spreadsheetId": "sheet-77", "tableRange": "Orders!A1:C3",
                 "updates": {"spreadsheetId": "sheet-77", "updatedRange": "Orders!A4:C5", "updatedRows": 2,
                             "updatedColumns": 3, "updatedCells": 6}}"""));
        String id = oneNode(server, "google_sheets", oauthClient, Map.of("spreadsheet_id", "sheet-77", "range", "Orders!A1:C",
                "mode", "append", "rows", "{{ data.orders }}", "columns", List.of("id", "customer", "total")), 0);
        JsonNode ex = server.runAndWait(id, Map.of("orders", List.of(
                Map.of("total", 120, "customer", "Ann", "id", 1), Map.of("customer", "Bob", "id", 2))));
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output")).isEqualTo(Json.parse("{\"updated_range\": \"Orders!A4:C5\", \"updated_rows\": 2}"));
        FakeApi.Request r = google.requests(appendPath).get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).startsWith(appendPath + "?");
        assertThat(form(r.path().substring(appendPath.length() + 1)))
                .isEqualTo(Map.of("valueInputOption", "USER_ENTERED", "insertDataOption", "INSERT_ROWS"));
        assertThat(r.header("Authorization")).isEqualTo("Bearer ya29.user-" + tokensIssued.get());
        assertThat(Json.parse(r.body())).isEqualTo(Json.parse(
                "{\"majorDimension\": \"ROWS\", \"values\": [[1, \"Ann\", 120], [2, \"Bob\", \"\"]]}"));
    }

    @Test
    void readsADocumentsTitleAndText() throws Exception {
        google.on("/v1/documents/doc-9", Response.json(200, """
                {"documentId": "doc-9", "title": "Meeting notes", "revisionId": "r1",
                 "body": {"content": [
                   {"endIndex": 1, "sectionBreak": {"sectionStyle": {}}},
                   {"startIndex": 1, "endIndex": 12, "paragraph": {"elements": [
                      {"startIndex": 1, "endIndex": 7, "textRun": {"content": "Hello ", "textStyle": {}}},
                      {"startIndex": 7, "endIndex": 12, "textRun": {"content": "team\\n", "textStyle": {"bold": true}}}]}},
                   {"table": {"rows": 1, "columns": 1, "tableRows": [{"tableCells": [{"content": [
                      {"paragraph": {"elements": [{"textRun": {"content": "cell\\n"}}]}}]}]}]}},
                   {"paragraph": {"elements": [{"textRun": {"content": "Bye\\n"}}]}}]}}"""));
        String id = oneNode(server, "google_docs", oauthClient, Map.of("document_id", "doc-9"), 0);
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output")).isEqualTo(Json.parse("""
                {"document_id": "doc-9", "title": "Meeting notes", "body": "Hello team\\ncell\\nBye\\n",
                 "content": "Hello team\\ncell\\nBye\\n"}"""));
        assertThat(google.requests("/v1/documents/doc-9").get(0).header("Authorization")).startsWith("Bearer ya29.user-");
    }

    @Test
    void forbiddenIsAPermissionErrorNamingTheDocument() throws Exception {
        google.on("/v1/documents/secret-doc", Response.json(403, """
                {"error": {"code": 403, "message": "The caller does not have permission", "status": "PERMISSION_DENIED"}}"""));
        String id = oneNode(server, "google_docs", serviceAccount, Map.of("document_id", "secret-doc"), 3);
        JsonNode ex = server.runAndWait(id, Map.of());
        JsonNode log = nodeLog(ex, "node");
        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(log.get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("error").asText()).isEqualTo("Node 'node': no permission to access document 'secret-doc'"
                + " (Google: The caller does not have permission); share it with the service account's client_email or the OAuth user");
    }

    @Test
    void notFoundNamesTheSpreadsheet() throws Exception {
        google.on("/v4/spreadsheets/gone/values/A1:B", Response.json(404, """
                {"error": {"code": 404, "message": "Requested entity was not found.", "status": "NOT_FOUND"}}"""));
        String id = oneNode(server, "google_sheets", serviceAccount, Map.of("spreadsheet_id", "gone", "range", "A1:B"), 3);
        JsonNode ex = server.runAndWait(id, Map.of());
        JsonNode log = nodeLog(ex, "node");
        assertThat(log.get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("error").asText()).startsWith("Node 'node': spreadsheet 'gone' range A1:B was not found");
    }

    @Test
    void rateLimitsAreRetriedUntilGoogleAnswers() throws Exception {
        google.on(VALUES_PATH,
                Response.json(429, "{\"error\": {\"code\": 429, \"message\": \"Quota exceeded\", \"status\": \"RESOURCE_EXHAUSTED\"}}"),
                Response.json(503, "{\"error\": {\"code\": 503, \"message\": \"The service is currently unavailable.\", \"status\": \"UNAVAILABLE\"}}")
                        .withHeader("Retry-After", "1"),
                Response.json(200, "{\"range\": \"Orders!A1:C2\", \"values\": [[\"id\"], [\"7\"]]}"));
        String id = oneNode(server, "google_sheets", serviceAccount, Map.of("spreadsheet_id", "sheet-77", "range", "Orders!A1:C"), 3);
        JsonNode ex = server.runAndWait(id, Map.of());
        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(nodeLog(ex, "node").get("attempts").asInt()).isEqualTo(3);
        assertThat(ex.get("output").get("rows")).isEqualTo(Json.parse("[{\"id\": \"7\"}]"));
        List<FakeApi.Request> reads = google.requests(VALUES_PATH);
        assertThat((reads.get(2).receivedNanos() - reads.get(1).receivedNanos()) / 1_000_000)
                .as("the 503's Retry-After second, not the backoff").isGreaterThanOrEqualTo(1000);
    }

    @Test
    void aRefusedRefreshTokenIsAnAuthenticationErrorWithoutTheSecrets() throws Exception {
        String revoked = credential(server, "google", Map.of("client_id", "client-1.apps.googleusercontent.com",
                "client_secret", CLIENT_SECRET, "refresh_token", "1//revoked-refresh-99", "api_root_url", google.url("")));
        String id = oneNode(server, "google_docs", revoked, Map.of("document_id", "doc-9"), 3);
        JsonNode ex = server.runAndWait(id, Map.of());
        JsonNode log = nodeLog(ex, "node");
        assertThat(log.get("attempts").asInt()).isEqualTo(1);
        assertThat(log.get("error").asText()).startsWith("Node 'node': Google refused the google credential for an access token: invalid_grant")
                .doesNotContain("revoked-refresh-99").doesNotContain(CLIENT_SECRET);
        assertThat(google.requests("/v1/documents/doc-9")).isEmpty();
    }
}
