package io.webops.nodes.sql;

import static io.webops.TestServer.nodeLog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.auth.Caller;
import io.webops.credentials.Vault;
import io.webops.history.ExecutionRecord;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.nodes.NodeTypes;
import io.webops.runtime.Engine;
import io.webops.runtime.EngineSettings;
import io.webops.security.SecretBox;
import io.webops.security.SsrfGuard;
import io.webops.translate.RetryPolicy;
import io.webops.validation.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * database_query and database_write against a real H2 and, when their URLs are set, the real
 * PostgreSQL (WEBOPS_TEST_PG_URL) and MariaDB (WEBOPS_TEST_MARIADB_URL; .ci/run sets both):
 * bound parameters, upsert, batches, JSON types, failures and their retries. Each run uses its own
 * H2 database, PostgreSQL schema and MariaDB database.
 */
class DatabaseNodesTest {

    /**
     * A user database the tests prepare and check with plain JDBC, and its credential in the vault;
     * schema is the run's own PostgreSQL schema or MariaDB database (the URL names the latter).
     */
    record Db(String name, String url, String user, String password, String schema, String credential) {
        Connection connect() throws SQLException {
            Connection c = DriverManager.getConnection(url, user, password);
            if (isPostgresql()) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET search_path TO " + schema);
                }
            }
            return c;
        }

        void exec(String... sql) throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement()) {
                for (String q : sql) {
                    s.execute(q);
                }
            }
        }

        List<String> column(String sql) throws SQLException {
            List<String> out = new ArrayList<>();
            try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }

        /** A table name of this run (the schema is the search path on PostgreSQL). */
        String table(String base) {
            return schema == null ? base : schema + "." + base;
        }

        boolean isPostgresql() {
            return name.equals("postgresql");
        }

        /** A query that fails with a database error quoting {@code text}. */
        String failureQuoting(String text) {
            // MariaDB casts text that is no number to 0 with a warning
            return name.equals("mariadb") ? "select * from `" + text + "`" : "select cast('" + text + "' as integer) as n";
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static TestServer server;
    private static final List<Db> DATABASES = new ArrayList<>();
    private static final String H2_PASSWORD = "h2-secret-pw";

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        String h2 = "jdbc:h2:mem:userdb_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        DriverManager.getConnection(h2, "sa", H2_PASSWORD).close();
        DATABASES.add(new Db("h2", h2, "sa", H2_PASSWORD, null, credential(h2, "sa", H2_PASSWORD)));
        String pg = System.getenv("WEBOPS_TEST_PG_URL");
        if (pg != null && !pg.isBlank()) {
            String user = System.getenv("WEBOPS_TEST_PG_USER");
            String password = System.getenv("WEBOPS_TEST_PG_PASSWORD");
            String schema = "conn_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(pg, user, password); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            String url = pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            DATABASES.add(new Db("postgresql", url, user, password, schema, credential(url, user, password)));
        }
        String maria = System.getenv("WEBOPS_TEST_MARIADB_URL");
        if (maria != null && !maria.isBlank()) {
            String user = System.getenv("WEBOPS_TEST_MARIADB_USER");
            String password = System.getenv("WEBOPS_TEST_MARIADB_PASSWORD");
            String database = "conn_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection c = DriverManager.getConnection(maria, user, password); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
            }
            String url = otherDatabase(maria, database);
            DATABASES.add(new Db("mariadb", url, user, password, database, credential(url, user, password)));
        }
    }

    /** The JDBC URL with its database (the path after host:port) replaced. */
    static String otherDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String slash = base.indexOf('/', "jdbc:mariadb://".length()) < 0 ? base + "/" : base.substring(0, base.lastIndexOf('/') + 1);
        return slash + database + (query < 0 ? "" : url.substring(query));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Db db : DATABASES) {
            if (db.schema() != null) {
                db.exec(db.isPostgresql() ? "DROP SCHEMA " + db.schema() + " CASCADE" : "DROP DATABASE " + db.schema());
            }
        }
        server.close();
    }

    static Stream<Db> databases() {
        return DATABASES.stream();
    }

    static String credential(String url, String user, String password) throws Exception {
        TestServer.Reply r = server.post("/api/credentials", Map.of("name", "db " + UUID.randomUUID(), "kind", "database",
                "fields", Map.of("jdbc_url", url, "username", user, "password", password)));
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    static JsonNode run(String nodesJson, String connectionsJson, String input) throws Exception {
        String id = server.create("{\"name\": \"sql " + UUID.randomUUID() + "\", \"nodes\": [" + nodesJson
                + "], \"connections\": [" + connectionsJson + "]}");
        return server.runAndWait(id, input);
    }

    static String table(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    // ---- database_query -----------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("databases")
    void queryAnswersRowsWithNumbersAsNumbersAndTimestampsAsIsoText(Db db) throws Exception {
        String t = table("orders");
        db.exec("CREATE TABLE " + t + " (id INT PRIMARY KEY, customer VARCHAR(40), total DECIMAL(10,2), placed TIMESTAMP)",
                "INSERT INTO " + t + " VALUES (1, 'acme', 120.50, TIMESTAMP '2026-01-02 03:04:05')",
                "INSERT INTO " + t + " VALUES (2, 'initech', 80.00, TIMESTAMP '2026-01-03 10:00:00')");

        JsonNode ex = run("""
                {"id": "q", "type": "database_query", "config": {"credential": "%s",
                  "query": "select id, customer, total, placed from %s where total > :min order by id",
                  "parameters": {"min": "{{ data.min }}"}}}""".formatted(db.credential(), t), "", "{\"min\": 100}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        JsonNode rows = ex.get("output");
        assertThat(rows.size()).isEqualTo(1);
        JsonNode row = lowerKeys(rows.get(0));
        assertThat(row.get("id").isIntegralNumber()).isTrue();
        assertThat(row.get("id").asInt()).isEqualTo(1);
        assertThat(row.get("customer").asText()).isEqualTo("acme");
        assertThat(row.get("total").isNumber()).isTrue();
        assertThat(row.get("total").decimalValue()).isEqualByComparingTo("120.50");
        assertThat(row.get("placed").asText()).matches("2026-01-0[23]T\\d\\d:04:05Z");
        assertThat(nodeLog(ex, "q").get("details").get("rows").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void parametersAreBoundSoAnInjectionAttemptStaysData(Db db) throws Exception {
        String t = table("people");
        db.exec("CREATE TABLE " + t + " (name VARCHAR(100))", "INSERT INTO " + t + " VALUES ('ada')");
        String attack = "x'; DROP TABLE " + t + "; --";

        JsonNode found = run("""
                {"id": "find", "type": "database_query", "config": {"credential": "%s",
                  "query": "select name from %s where name = :name or name = :other"}}
                """.formatted(db.credential(), t), "", Json.write(Map.of("name", attack, "other", "x' OR '1'='1")));
        JsonNode added = run("""
                {"id": "add", "type": "database_write", "config": {"credential": "%s", "table": "%s", "rows": "who"}}
                """.formatted(db.credential(), t), "",
                Json.write(Map.of("who", List.of(Map.of("name", attack), Map.of("name", "' OR '1'='1")))));

        assertThat(found.get("status").asText()).as(found.toString()).isEqualTo("success");
        assertThat(found.get("output").size()).isZero();
        assertThat(added.get("status").asText()).as(added.toString()).isEqualTo("success");
        assertThat(added.get("output").get("rows_affected").asInt()).isEqualTo(2);
        assertThat(db.column("select name from " + t + " order by name")).containsExactly("' OR '1'='1", "ada", attack);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void textThatLooksLikeCamelPlaceholdersReachesTheDatabaseUnchanged(Db db) throws Exception {
        JsonNode ex = run("""
                {"id": "q", "type": "database_query", "config": {"credential": "%s",
                  "query": "select '#1 {{x}} #{y}' as a, cast(:v as varchar(200)) as b",
                  "parameters": {"v": "${sys.user.home} {{ data.x }}"}}}
                """.formatted(db.credential()), "", "{\"x\": \"#{body}\"}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        JsonNode row = lowerKeys(ex.get("output").get(0));
        assertThat(row.get("a").asText()).isEqualTo("#1 {{x}} #{y}");
        assertThat(row.get("b").asText()).isEqualTo("${sys.user.home} #{body}");
    }

    @Test
    void sqlThatCamelWouldEvaluateIsRefusedWhenTheWorkflowIsSaved() throws Exception {
        for (String sql : List.of("select :#${sys:user.home}", "select ${body}", "select :?name", "select * from t where a = ?",
                "select '$simple{header.x}'")) {
            TestServer.Reply r = server.post("/api/workflows/validate", """
                    {"name": "w", "nodes": [{"id": "q", "type": "database_query",
                      "config": {"credential": "%s", "query": %s}}], "connections": []}"""
                    .formatted(DATABASES.get(0).credential(), Json.write(sql)));
            assertThat(r.json().get("valid").asBoolean()).as(sql).isFalse();
            JsonNode error = r.json().get("errors").get(0);
            assertThat(error.get("field").asText()).isEqualTo("config.query");
            assertThat(error.get("message").asText()).startsWith("Node 'q': config.query").contains(":name");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aQueryAnsweringMoreThanMaxRowsFailsInsteadOfFillingMemory(Db db) throws Exception {
        String t = table("many");
        db.exec("CREATE TABLE " + t + " (n INT)", "INSERT INTO " + t + " VALUES (1), (2), (3)");
        String node = """
                {"id": "q", "type": "database_query", "config": {"credential": "%s", "query": "select n from %s order by n",
                  "max_rows": %d}}""";

        JsonNode fits = run(node.formatted(db.credential(), t, 3), "", "{}");
        JsonNode tooMany = run(node.formatted(db.credential(), t, 2), "", "{}");

        assertThat(fits.get("status").asText()).as(fits.toString()).isEqualTo("success");
        assertThat(fits.get("output").size()).isEqualTo(3);
        assertThat(tooMany.get("status").asText()).isEqualTo("failed");
        assertThat(tooMany.get("error_message").asText()).contains("Node 'q'").contains("config.max_rows (2)");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aParameterWithoutValueFailsNamingItAndTheFix(Db db) throws Exception {
        JsonNode ex = run("""
                {"id": "q", "type": "database_query", "config": {"credential": "%s", "query": "select :missing as a"}}
                """.formatted(db.credential()), "", "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.get("error_message").asText()).contains("Node 'q'").contains(":missing").contains("config.parameters");
    }

    // ---- database_write ----------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("databases")
    void upsertInsertsNewRowsAndUpdatesExistingOnesByKey(Db db) throws Exception {
        String t = table("stock");
        db.exec("CREATE TABLE " + t + " (sku VARCHAR(20) PRIMARY KEY, qty INT, note VARCHAR(40))",
                "INSERT INTO " + t + " VALUES ('a-1', 1, 'old')");

        JsonNode ex = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "%s",
                  "mode": "upsert", "key": ["sku"], "rows": "items"}}""".formatted(db.credential(), t), "",
                "{\"items\": [{\"sku\": \"a-1\", \"qty\": 5, \"note\": \"new\"}, {\"sku\": \"b-2\", \"qty\": 7, \"note\": null}]}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").get("rows_affected").asInt()).isEqualTo(2);
        assertThat(db.column("select concat(sku, ':', qty, ':', coalesce(note, '-')) from " + t + " order by sku"))
                .containsExactly("a-1:5:new", "b-2:7:-");
    }

    /** H2's MERGE ... KEY needs no constraint; PostgreSQL refuses the statement, MariaDB's would insert a duplicate. */
    @Test
    void anUpsertKeyWithoutAUniqueConstraintSaysSoAndWritesNothing() throws Exception {
        List<Db> servers = DATABASES.stream().filter(d -> d.schema() != null).toList();
        org.junit.jupiter.api.Assumptions.assumeFalse(servers.isEmpty(), "neither WEBOPS_TEST_PG_URL nor WEBOPS_TEST_MARIADB_URL is set");
        for (Db db : servers) {
            String t = table("loose");
            db.exec("CREATE TABLE " + t + " (sku VARCHAR(20), region VARCHAR(10), qty INT, UNIQUE (sku))",
                    "INSERT INTO " + t + " VALUES ('a', 'eu', 1)");
            for (String key : List.of("[\"region\"]", "[\"sku\", \"region\"]")) {
                JsonNode ex = run("""
                        {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "%s", "mode": "upsert", "key": %s}}
                        """.formatted(db.credential(), t, key), "", "{\"sku\": \"a\", \"region\": \"eu\", \"qty\": 2}");

                assertThat(ex.get("status").asText()).as(db + " " + key).isEqualTo("failed");
                assertThat(ex.get("error_message").asText()).contains("Node 'w'").contains("config.key must be the table's primary key");
            }
            assertThat(db.column("select concat(sku, region, qty) from " + t)).as(db.name()).containsExactly("aeu1");
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void updateChangesTheRowsMatchingTheKeyOnly(Db db) throws Exception {
        String t = table("users");
        db.exec("CREATE TABLE " + t + " (id INT PRIMARY KEY, status VARCHAR(20))",
                "INSERT INTO " + t + " VALUES (1, 'new'), (2, 'new'), (3, 'new')");

        JsonNode ex = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "%s",
                  "mode": "update", "key": ["id"]}}""".formatted(db.credential(), t), "",
                "[{\"id\": 1, \"status\": \"active\"}, {\"id\": 3, \"status\": \"gone\"}, {\"id\": 9, \"status\": \"x\"}]");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").get("rows_affected").asInt()).isEqualTo(2);
        assertThat(db.column("select status from " + t + " order by id")).containsExactly("active", "new", "gone");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void manyRowsAreWrittenInJdbcBatchesOfAThousand(Db db) throws Exception {
        String t = table("events");
        db.exec("CREATE TABLE " + t + " (n INT, label VARCHAR(20))");
        StringBuilder rows = new StringBuilder("{\"rows\": [");
        for (int i = 0; i < 2500; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"n\": ").append(i).append(", \"label\": \"e").append(i).append("\"}");
        }

        JsonNode ex = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "%s", "rows": "rows"}}
                """.formatted(db.credential(), t), "", rows.append("]}").toString());

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").get("rows_affected").asInt()).isEqualTo(2500);
        JsonNode details = nodeLog(ex, "w").get("details");
        assertThat(details.get("batches").asInt()).isEqualTo(3);
        assertThat(details.get("statement").asText()).startsWith("INSERT INTO ");
        assertThat(db.column("select concat(count(*), ':', sum(n)) from " + t)).containsExactly("2500:3123750");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void writeWithSqlRunsItOncePerRowWithTheRowsFields(Db db) throws Exception {
        String t = table("totals");
        db.exec("CREATE TABLE " + t + " (team VARCHAR(20), points INT)", "INSERT INTO " + t + " VALUES ('red', 1), ('blue', 1)");

        JsonNode ex = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s",
                  "query": "update %s set points = points + :add where team = :team",
                  "parameters": {"add": "{{ item.score }}"}}}""".formatted(db.credential(), t), "",
                "[{\"team\": \"red\", \"score\": 10}, {\"team\": \"blue\", \"score\": 5}, {\"team\": \"red\", \"score\": 2}]");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").get("rows_affected").asInt()).isEqualTo(3);
        assertThat(db.column("select concat(team, '=', points) from " + t + " order by team")).containsExactly("blue=6", "red=13");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void writeWithSqlWithoutParametersStillRunsOncePerRow(Db db) throws Exception {
        String t = table("ticks");
        db.exec("CREATE TABLE " + t + " (n INT)");

        JsonNode ex = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "query": "insert into %s values (1)"}}
                """.formatted(db.credential(), t), "", "[{}, {}, {}]");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").get("rows_affected").asInt()).isEqualTo(3);
        assertThat(db.column("select count(*) from " + t)).containsExactly("3");
    }

    @Test
    void rowFieldsThatAreNotPlainColumnNamesFailBeforeAnySqlIsBuilt() throws Exception {
        Db db = DATABASES.get(0);
        String t = table("safe");
        db.exec("CREATE TABLE " + t + " (a INT)");

        JsonNode ex = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "%s"}}
                """.formatted(db.credential(), t), "", "{\"a\": 1, \"a\\\") VALUES (1); DROP TABLE x; --\": 2}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.get("error_message").asText()).contains("Node 'w'").contains("not a plain SQL column name");
        assertThat(db.column("select count(*) from " + t)).containsExactly("0");
    }

    @Test
    void aTableNameThatIsNotAPlainNameIsRefusedWhenSaved() throws Exception {
        TestServer.Reply r = server.post("/api/workflows/validate", """
                {"name": "w", "nodes": [{"id": "w", "type": "database_write",
                  "config": {"credential": "%s", "table": "t; drop table x"}}], "connections": []}"""
                .formatted(DATABASES.get(0).credential()));
        assertThat(r.json().get("valid").asBoolean()).isFalse();
        assertThat(r.json().get("errors").get(0).get("message").asText()).contains("Node 'w': config.table").contains("plain SQL name");
    }

    // ---- failures ----------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("databases")
    void sqlErrorsFailAtOnceScrubbedOfTheCredentialsSecrets(Db db) throws Exception {
        JsonNode ex = run("""
                {"id": "q", "type": "database_query", "retry_on_failure": true, "max_retries": 2,
                 "config": {"credential": "%s", "query": %s}}
                """.formatted(db.credential(), Json.write(db.failureQuoting(db.password()))), "", "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(nodeLog(ex, "q").get("attempts").asInt()).isEqualTo(1);
        assertThat(ex.get("error_message").asText()).contains("Node 'q'").contains("***").doesNotContain(db.password());
        assertThat(ex.toString()).doesNotContain(db.password());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void syntaxErrorsFailAtOnceWithTheDatabasesMessage(Db db) throws Exception {
        JsonNode ex = run("""
                {"id": "q", "type": "database_query", "retry_on_failure": true, "max_retries": 2,
                 "config": {"credential": "%s", "query": "selec 1 frm nowhere"}}""".formatted(db.credential()), "", "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(nodeLog(ex, "q").get("attempts").asInt()).isEqualTo(1);
        assertThat(ex.get("error_message").asText()).contains("Node 'q': the database answered:").containsIgnoringCase("syntax")
                .contains("check the SQL");
    }

    @Test
    void aStatementPastTheNodesTimeoutIsCancelledInTheDatabase() throws Exception {
        Db pg = DATABASES.stream().filter(Db::isPostgresql).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(pg != null, "WEBOPS_TEST_PG_URL is not set");
        String marker = "webops_sleep_" + UUID.randomUUID().toString().substring(0, 8);

        JsonNode ex = run("""
                {"id": "slow", "type": "database_query", "timeout_seconds": 1,
                 "config": {"credential": "%s", "query": "select pg_sleep(30) as %s"}}""".formatted(pg.credential(), marker), "", "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.get("error_message").asText()).contains("Node 'slow'").contains("ran past the node's timeout and was cancelled");
        assertThat(pg.column("select count(*) from pg_stat_activity where state = 'active' and query like '%" + marker + "%'"
                + " and query not like '%pg_stat_activity%'")).containsExactly("0");
    }

    /** The real drivers, SQL Server's too (no server needed to be refused). */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"jdbc:postgresql://127.0.0.1:%d/nothing?connectTimeout=2",
            "jdbc:mariadb://127.0.0.1:%d/nothing?connectTimeout=2000", "jdbc:sqlserver://127.0.0.1:%d;databaseName=nothing;loginTimeout=2"})
    void anUnreachableDatabaseIsATransientFailureAndIsRetried(String url) throws Exception {
        int closed = TestServer.freePort();
        String cred = credential(url.formatted(closed), "u", "p4ssword");

        JsonNode ex = run("""
                {"id": "q", "type": "database_query", "retry_on_failure": true, "max_retries": 2,
                 "config": {"credential": "%s", "query": "select 1"}}""".formatted(cred), "", "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(nodeLog(ex, "q").get("attempts").asInt()).isEqualTo(3);
        assertThat(ex.get("error_message").asText()).contains("Node 'q'").contains("cannot reach the database").contains(cred);
    }

    @Test
    void h2StatementsThatRunCodeOrReachFilesAreRefused() throws Exception {
        Db db = DATABASES.get(0);
        for (String sql : List.of("CREATE ALIAS EXEC AS 'String e(String c) { return c; }'", "SELECT * FROM CSVREAD('/etc/passwd')",
                "RUNSCRIPT FROM '/tmp/x.sql'", "SELECT \"FILE_READ\"('/etc/passwd')")) {
            JsonNode ex = run("""
                    {"id": "q", "type": "database_query", "config": {"credential": "%s", "query": %s}}
                    """.formatted(db.credential(), Json.write(sql)), "", "{}");
            assertThat(ex.get("status").asText()).as(sql).isEqualTo("failed");
            assertThat(ex.get("error_message").asText()).as(sql).contains("Node 'q'").contains("refused on H2");
        }
    }

    @Test
    void credentialsForTheRuntimesOwnDatabaseOrWithCodeRunningSettingsAreRefusedWhenCreated() throws Exception {
        String store = "jdbc:h2:file:" + server.dataDir.toAbsolutePath().resolve("webops");
        Map<String, String> refused = Map.of(
                store, "runtime's own database",
                store + ";AUTO_SERVER=TRUE", "setting 'AUTO_SERVER' is not allowed",
                "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://example.com/x.sql'", "setting 'INIT' is not allowed",
                "jdbc:postgresql://db.example.com/sales?socketFactory=java.io.FileOutputStream", "parameter 'socketFactory' is not allowed",
                "jdbc:mariadb://db.example.com/sales?allowLocalInfile=true", "parameter 'allowLocalInfile' is not allowed",
                "jdbc:mysql://db.example.com/sales?autoDeserialize=true", "parameter 'autoDeserialize' is not allowed",
                "jdbc:sqlserver://db.example.com;databaseName=sales;socketFactoryClass=x.Y", "parameter 'socketFactoryClass' is not allowed",
                "jdbc:sqlserver://db.example.com;integratedSecurity=true", "parameter 'integratedSecurity' is not allowed");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            TestServer.Reply r = server.post("/api/credentials", Map.of("name", "bad", "kind", "database",
                    "fields", Map.of("jdbc_url", e.getKey(), "username", "sa", "password", "")));
            assertThat(r.status()).as(e.getKey()).isEqualTo(422);
            assertThat(r.json().at("/error/details/0/field").asText()).isEqualTo("fields.jdbc_url");
            assertThat(r.json().at("/error/message").asText()).as(e.getKey()).contains(e.getValue());
        }
    }

    /** A credential stored before the check existed (a vault without it) is still refused when the node runs. */
    @Test
    void storedCredentialsForTheRuntimesOwnDatabaseAreRefusedWhenTheNodeRuns() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext();
             Store store = Store.inMemory()) {
            camel.start();
            Vault vault = new Vault(store.dataSource(),
                    new SecretBox(new byte[32]));
            String ownStore = vault.create(Caller.SYSTEM, Json.parse("""
                    {"name": "own", "kind": "database", "fields": {"jdbc_url": %s, "username": "sa"}}"""
                    .formatted(Json.write(store.jdbcUrl())))).id();
            String withInit = vault.create(Caller.SYSTEM, Json.parse("""
                    {"name": "init", "kind": "database", "fields": {"jdbc_url": "jdbc:h2:mem:x;INIT=SELECT 1"}}""")).id();
            NodeTypes types = NodeTypes.standard();
            try (Engine engine = new Engine(camel, store, types,
                    new EngineSettings(server.dataDir, SsrfGuard.fromSetting(""),
                            RetryPolicy.DEFAULT, vault::resolve, 0))) {
                Map<String, String> expected = Map.of(ownStore, "runtime's own database", withInit, "setting 'INIT' is not allowed");
                int n = 0;
                for (Map.Entry<String, String> e : expected.entrySet()) {
                    var workflow = new Validator(types).validate(Json.parse("""
                            {"name": "w", "nodes": [{"id": "q", "type": "database_query",
                              "config": {"credential": "%s", "query": "select * from credentials"}}], "connections": []}"""
                            .formatted(e.getKey()))).workflow();
                    engine.deploy("wf-own-" + n, 1, workflow, false);
                    ExecutionRecord r = engine.startInBackground("wf-own-" + n++, Json.object(), "manual",
                            Json.object()).done().join();
                    assertThat(r.status()).isEqualTo("failed");
                    assertThat(r.errorMessage()).contains("Node 'q'").contains(e.getKey()).contains(e.getValue());
                }
            }
        }
    }

    @Test
    void eachCredentialGetsOnePooledDataSourceInTheRegistryClosedWhenCamelStops() throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        try (Store store = Store.inMemory()) {
            camel.start();
            Vault vault = new Vault(store.dataSource(), new SecretBox(new byte[32]));
            String url = "jdbc:h2:mem:pooled_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
            String credential = vault.create(Caller.SYSTEM, Json.parse("""
                    {"name": "pooled", "kind": "database", "fields": {"jdbc_url": %s, "username": "sa"}}"""
                    .formatted(Json.write(url)))).id();
            NodeTypes types = NodeTypes.standard();
            try (Engine engine = new Engine(camel, store, types, new EngineSettings(server.dataDir, SsrfGuard.fromSetting(""),
                    RetryPolicy.DEFAULT, vault::resolve, 0))) {
                for (int i = 0; i < 3; i++) {
                    var workflow = new Validator(types).validate(Json.parse("""
                            {"name": "w", "nodes": [{"id": "q", "type": "database_query",
                              "config": {"credential": "%s", "query": "select 1 as one"}}], "connections": []}"""
                            .formatted(credential))).workflow();
                    engine.deploy("wf-pool-" + i, 1, workflow, false);
                    ExecutionRecord r = engine.startInBackground("wf-pool-" + i, Json.object(), "manual", Json.object()).done().join();
                    assertThat(r.status()).as(String.valueOf(r.errorMessage())).isEqualTo("success");
                }
            }
            var pools = camel.getRegistry().findByTypeWithName(com.zaxxer.hikari.HikariDataSource.class);
            assertThat(pools).hasSize(1);
            assertThat(pools.keySet().iterator().next()).startsWith("webopsSqlDataSource");
            com.zaxxer.hikari.HikariDataSource pool = pools.values().iterator().next();
            assertThat(pool.isClosed()).isFalse();

            camel.stop();

            assertThat(pool.isClosed()).isTrue();
        } finally {
            camel.close();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anUpsertOfKeyOnlyRowsAddsTheNewKeysAndLeavesTheOthers(Db db) throws Exception {
        String t = table("seen");
        db.exec("CREATE TABLE " + t + " (region VARCHAR(10) NOT NULL, sku VARCHAR(20) NOT NULL, PRIMARY KEY (region, sku))",
                "INSERT INTO " + t + " VALUES ('eu', 'a-1')");

        JsonNode ex = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "%s",
                  "mode": "upsert", "key": ["region", "sku"]}}""".formatted(db.credential(), t), "",
                "[{\"region\": \"eu\", \"sku\": \"a-1\"}, {\"region\": \"us\", \"sku\": \"a-1\"}]");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(db.column("select concat(region, '/', sku) from " + t + " order by region")).containsExactly("eu/a-1", "us/a-1");
    }

    // ---- MariaDB ----------------------------------------------------------------------------

    private static Db mariadb() {
        Db db = DATABASES.stream().filter(d -> d.name().equals("mariadb")).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(db != null,
                "WEBOPS_TEST_MARIADB_URL is not set (.ci/run installs and starts MariaDB and sets it)");
        return db;
    }

    /**
     * The driver would send a file of the runtime's host if the SQL (or a rogue server) asked for
     * it; the pool turns that off, whatever the URL says. The same statement through plain JDBC
     * with the driver's default shows the file would be read.
     */
    @Test
    void mariadbNeverSendsAFileOfTheRuntimesHost() throws Exception {
        Db db = mariadb();
        String t = table("loot");
        db.exec("CREATE TABLE " + t + " (line VARCHAR(200))");
        Path secret = Files.writeString(server.dataDir.resolve("host-secret-" + UUID.randomUUID() + ".txt"), "host-secret-line\n");
        String load = "LOAD DATA LOCAL INFILE '" + secret.toAbsolutePath() + "' INTO TABLE " + t;
        try (Connection c = DriverManager.getConnection(db.url() + "?allowLocalInfile=true", db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute(load);
            s.execute("DELETE FROM " + t);
        }
        assertThat(db.column("select count(*) from " + t)).containsExactly("0");

        for (String type : List.of("database_query", "database_write")) {
            JsonNode ex = run("""
                    {"id": "q", "type": "%s", "config": {"credential": "%s", "query": %s}}
                    """.formatted(type, db.credential(), Json.write(load)), "", "{}");

            assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("failed");
            assertThat(ex.get("error_message").asText()).contains("Node 'q'");
        }
        assertThat(db.column("select count(*) from " + t)).containsExactly("0");
    }

    @Test
    void mariadbSqlIsReadAsMariadbReadsIt() throws Exception {
        Db db = mariadb();
        String t = table("quirks");
        db.exec("CREATE TABLE " + t + " (`odd:name` VARCHAR(40), k INT)", "INSERT INTO " + t + " VALUES ('it''s', 1), ('other', 2)");
        String sql = "select `odd:name` as v, 'it\\'s :x' as lit from " + t + " where k = :k # :c";

        JsonNode ex = run("""
                {"id": "q", "type": "database_query", "config": {"credential": "%s", "query": %s}}
                """.formatted(db.credential(), Json.write(sql)), "", "{\"k\": 1}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.get("output").size()).isEqualTo(1);
        assertThat(ex.at("/output/0/v").asText()).isEqualTo("it's");
        assertThat(ex.at("/output/0/lit").asText()).isEqualTo("it's :x");
    }

    @Test
    void aMysqlUrlIsOpenedWithTheMariadbDriver() throws Exception {
        Db db = mariadb();
        String mysql = credential(db.url().replace("jdbc:mariadb:", "jdbc:mysql:"), db.user(), db.password());

        JsonNode ex = run("""
                {"id": "q", "type": "database_query", "config": {"credential": "%s", "query": "select version() as v, :n + 1 as n"}}
                """.formatted(mysql), "", "{\"n\": 41}");

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.at("/output/0/v").asText()).containsIgnoringCase("mariadb");
        assertThat(ex.at("/output/0/n").asInt()).isEqualTo(42);
    }

    @Test
    void aRefusedMariadbLoginFailsAtOnceSayingToCheckTheCredential() throws Exception {
        Db db = mariadb();
        String wrong = credential(db.url(), db.user(), "not-the-password-" + UUID.randomUUID());

        JsonNode ex = run("""
                {"id": "q", "type": "database_query", "retry_on_failure": true, "max_retries": 2,
                 "config": {"credential": "%s", "query": "select 1"}}""".formatted(wrong), "", "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(nodeLog(ex, "q").get("attempts").asInt()).isEqualTo(1);
        assertThat(ex.get("error_message").asText()).contains("Node 'q'").contains("refused the login").contains(wrong);
    }

    @Test
    void aMariadbStatementPastTheNodesTimeoutIsCancelled() throws Exception {
        Db db = mariadb();
        String marker = "webops_sleep_" + UUID.randomUUID().toString().substring(0, 8);

        JsonNode ex = run("""
                {"id": "slow", "type": "database_query", "timeout_seconds": 1,
                 "config": {"credential": "%s", "query": "select sleep(30) as %s"}}""".formatted(db.credential(), marker), "", "{}");

        assertThat(ex.get("status").asText()).isEqualTo("failed");
        assertThat(ex.get("error_message").asText()).contains("Node 'slow'").contains("ran past the node's timeout and was cancelled");
        assertThat(db.column("select count(*) from information_schema.processlist where info like '%" + marker + "%'"
                + " and info not like '%processlist%'")).containsExactly("0");
    }

    private static JsonNode lowerKeys(JsonNode row) {
        var out = Json.object();
        row.fields().forEachRemaining(e -> out.set(e.getKey().toLowerCase(), e.getValue()));
        return out;
    }
}
