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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL injection suite of docs/SECURITY.md: classic injection strings as values are stored and
 * matched as data, never run; as table or column names they are refused before any SQL is built.
 * It runs on H2 and, when their URLs are set (.ci/run sets them), on PostgreSQL
 * (WEBOPS_TEST_PG_URL) and MariaDB (WEBOPS_TEST_MARIADB_URL), each in a schema or database of its own.
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

    /** A database under attack: its URL (the run's own schema or database), login, credential and what drops it. */
    record Target(String name, String url, String user, String password, String credential, String drop) {
        @Override
        public String toString() {
            return name;
        }
    }

    static TestServer server;
    static final List<Target> TARGETS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        String run = "inject_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        target("h2", "jdbc:h2:mem:" + run + ";DB_CLOSE_DELAY=-1", "sa", "inject-pw", null, "VARCHAR(400)");
        String pg = System.getenv("WEBOPS_TEST_PG_URL");
        if (pg != null && !pg.isBlank()) {
            String user = System.getenv("WEBOPS_TEST_PG_USER");
            String password = System.getenv("WEBOPS_TEST_PG_PASSWORD");
            exec(pg, user, password, "CREATE SCHEMA " + run);
            target("postgresql", pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + run, user, password,
                    "DROP SCHEMA " + run + " CASCADE", "VARCHAR(400)");
        }
        String maria = System.getenv("WEBOPS_TEST_MARIADB_URL");
        if (maria != null && !maria.isBlank()) {
            String user = System.getenv("WEBOPS_TEST_MARIADB_USER");
            String password = System.getenv("WEBOPS_TEST_MARIADB_PASSWORD");
            exec(maria, user, password, "CREATE DATABASE " + run + " CHARACTER SET utf8mb4");
            // a binary collation, so a payload matches itself only (not its other-case or accent-free twin)
            target("mariadb", DatabaseNodesTest.otherDatabase(maria, run), user, password, "DROP DATABASE " + run,
                    "VARCHAR(400) COLLATE utf8mb4_bin");
        }
    }

    private static void target(String name, String url, String user, String password, String drop, String textType) throws Exception {
        exec(url, user, password, "CREATE TABLE victims (v " + textType + ")", "CREATE TABLE canary (n INT)",
                "INSERT INTO canary VALUES (42)");
        String credential = server.credential("inject " + name, "database", Map.of("jdbc_url", url, "username", user, "password", password));
        TARGETS.add(new Target(name, url, user, password, credential, drop));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Target t : TARGETS) {
            if (t.drop() != null) {
                exec(t.url(), t.user(), t.password(), t.drop());
            }
        }
        server.close();
    }

    static Stream<Target> targets() {
        return TARGETS.stream();
    }

    /** The payloads the database can hold: PostgreSQL text has no NUL character (it refuses it, as an error). */
    static List<String> payloads(Target target) {
        return target.name().equals("postgresql") ? PAYLOADS.stream().filter(p -> !p.contains("\u0000")).toList() : PAYLOADS;
    }

    @ParameterizedTest
    @MethodSource("targets")
    void everyPayloadIsStoredAsDataAndMatchesOnlyItself(Target target) throws Exception {
        List<String> payloads = payloads(target);
        JsonNode written = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "victims", "rows": "rows"}}
                """.formatted(target.credential()), Json.write(Map.of("rows", payloads.stream().map(p -> Map.of("v", p)).toList())));
        assertThat(written.get("status").asText()).as(written.toString()).isEqualTo("success");
        assertThat(written.at("/output/rows_affected").asInt()).isEqualTo(payloads.size());

        String query = server.create(workflow("""
                {"id": "q", "type": "database_query", "config": {"credential": "%s",
                  "query": "select count(*) as n from victims where v = :v", "parameters": {"v": "{{ data.v }}"}}}
                """.formatted(target.credential())));
        for (String payload : payloads) {
            JsonNode ex = server.runAndWait(query, Json.write(Map.of("v", payload)));
            assertThat(ex.get("status").asText()).as(payload + " " + ex).isEqualTo("success");
            assertThat(ex.at("/output/0").elements().next().asInt()).as(payload + " " + ex).isEqualTo(1);
        }
        assertThat(column(target, "select v from victims")).containsExactlyInAnyOrderElementsOf(payloads);
        assertThat(column(target, "select n from canary")).containsExactly("42");
    }

    @Test
    void hostileTableNamesAreRefusedBeforeAnySqlIsBuilt() throws Exception {
        Target h2 = TARGETS.get(0);
        for (String name : HOSTILE_NAMES) {
            TestServer.Reply r = server.post("/api/workflows/validate", workflow("""
                    {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": %s}}
                    """.formatted(h2.credential(), Json.write(Json.NODES.textNode(name)))));
            assertThat(r.json().get("valid").asBoolean()).as(name).isFalse();
            assertThat(r.json().at("/errors/0/field").asText()).as(name).isEqualTo("config.table");
        }
        assertThat(column(h2, "select n from canary")).containsExactly("42");
    }

    @ParameterizedTest
    @MethodSource("targets")
    void hostileColumnNamesFailTheNodeAndTouchNothing(Target target) throws Exception {
        String write = server.create(workflow("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "canary"}}
                """.formatted(target.credential())));
        for (String name : HOSTILE_NAMES) {
            JsonNode ex = server.runAndWait(write, Json.write(Map.of(name, 1)));
            assertThat(ex.get("status").asText()).as(name).isEqualTo("failed");
            assertThat(ex.get("error_message").asText()).as(name).contains("not a plain SQL column name");
        }
        assertThat(column(target, "select n from canary")).containsExactly("42");
    }

    static String workflow(String node) {
        return "{\"name\": \"sql injection " + UUID.randomUUID() + "\", \"nodes\": [" + node + "], \"connections\": []}";
    }

    static JsonNode run(String node, String input) throws Exception {
        return server.runAndWait(server.create(workflow(node)), input);
    }

    static void exec(String url, String user, String password, String... sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static List<String> column(Target target, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(target.url(), target.user(), target.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
