package io.webops.nodes.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL injection suite of docs/SECURITY.md: classic injection strings as values are stored and
 * matched as data, never run; as table or column names they are refused before any SQL is built.
 */
class SqlInjectionTest {

    static final List<String> PAYLOADS = List.of(
            "' OR '1'='1", "' OR 1=1 --", "\" OR \"\"=\"", "'; DROP TABLE victims; --", "1; DROP TABLE victims",
            "' UNION SELECT secret FROM vault --", "admin'--", "admin' #", "admin'/*", "') OR ('1'='1",
            "1' AND SLEEP(5)--", "'; SHUTDOWN; --", "' OR 'x'='x", "1 OR 1=1", "' OR ''='", "'||(SELECT 1)||'",
            "%' OR '%'='", "\\'; DROP TABLE victims; --", "'; EXEC xp_cmdshell('dir'); --", "' AND 1=CAST((SELECT 1) AS INT)--",
            "'; CREATE ALIAS EXEC AS 'String e(String c) throws Exception { return c; }'; --", "'; RUNSCRIPT FROM 'http://x/'; --",
            "$$; DROP TABLE victims; $$", "'; COPY victims TO '/tmp/x'; --", "' OR pg_sleep(5) IS NULL --",
            ":v", ":#v", "${body}", "{{env:HOME}}", "?", "'; --", "\u0000' OR '1'='1", "ʼ OR ʼ1ʼ=ʼ1",
            "'/**/OR/**/1=1--", "' OR 1=1 LIMIT 1 --", "'; UPDATE victims SET v='owned'; --", "'; DELETE FROM victims; --",
            "' OR EXISTS(SELECT * FROM victims) --", "'; INSERT INTO victims VALUES ('x'); --", "0x27204f522031", "''''");

    static final List<String> HOSTILE_NAMES = List.of(
            "victims; DROP TABLE victims", "victims--", "\"victims\"", "victims WHERE 1=1", "v'ictims",
            "victims/**/", "victims)", "(select 1)", "victims,victims", "${body}", "{{env:HOME}}", "a b");

    static TestServer server;
    static String url;
    static String credential;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        url = "jdbc:h2:mem:inject_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", "inject-pw"); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE victims (v VARCHAR(400))");
            s.execute("CREATE TABLE canary (n INT)");
            s.execute("INSERT INTO canary VALUES (42)");
        }
        credential = server.credential("inject db", "database", Map.of("jdbc_url", url, "username", "sa", "password", "inject-pw"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyPayloadIsStoredAsDataAndMatchesOnlyItself() throws Exception {
        JsonNode written = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "victims", "rows": "rows"}}
                """.formatted(credential), Json.write(Map.of("rows", PAYLOADS.stream().map(p -> Map.of("v", p)).toList())));
        assertThat(written.get("status").asText()).as(written.toString()).isEqualTo("success");
        assertThat(written.at("/output/rows_affected").asInt()).isEqualTo(PAYLOADS.size());

        String query = server.create(workflow("""
                {"id": "q", "type": "database_query", "config": {"credential": "%s",
                  "query": "select count(*) as n from victims where v = :v", "parameters": {"v": "{{ data.v }}"}}}
                """.formatted(credential)));
        for (String payload : PAYLOADS) {
            JsonNode ex = server.runAndWait(query, Json.write(Map.of("v", payload)));
            assertThat(ex.get("status").asText()).as(payload + " " + ex).isEqualTo("success");
            assertThat(ex.at("/output/0").elements().next().asInt()).as(payload + " " + ex).isEqualTo(1);
        }
        assertThat(column("select v from victims")).containsExactlyInAnyOrderElementsOf(PAYLOADS);
        assertThat(column("select n from canary")).containsExactly("42");
    }

    @Test
    void hostileTableNamesAreRefusedBeforeAnySqlIsBuilt() throws Exception {
        for (String name : HOSTILE_NAMES) {
            TestServer.Reply r = server.post("/api/workflows/validate", workflow("""
                    {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": %s}}
                    """.formatted(credential, Json.write(Json.NODES.textNode(name)))));
            assertThat(r.json().get("valid").asBoolean()).as(name).isFalse();
            assertThat(r.json().at("/errors/0/field").asText()).as(name).isEqualTo("config.table");
        }
        assertThat(column("select n from canary")).containsExactly("42");
    }

    @Test
    void hostileColumnNamesFailTheNodeAndTouchNothing() throws Exception {
        String write = server.create(workflow("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "canary"}}
                """.formatted(credential)));
        for (String name : HOSTILE_NAMES) {
            JsonNode ex = server.runAndWait(write, Json.write(Map.of(name, 1)));
            assertThat(ex.get("status").asText()).as(name).isEqualTo("failed");
            assertThat(ex.get("error_message").asText()).as(name).contains("not a plain SQL column name");
        }
        assertThat(column("select n from canary")).containsExactly("42");
    }

    static String workflow(String node) {
        return "{\"name\": \"sql injection " + UUID.randomUUID() + "\", \"nodes\": [" + node + "], \"connections\": []}";
    }

    static JsonNode run(String node, String input) throws Exception {
        return server.runAndWait(server.create(workflow(node)), input);
    }

    static List<String> column(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "inject-pw"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
