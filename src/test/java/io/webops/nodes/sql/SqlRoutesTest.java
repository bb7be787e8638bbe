package io.webops.nodes.sql;

import static io.webops.TestServer.nodeLog;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.TestServer;
import io.webops.json.Json;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.camel.Endpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SQL nodes' routes: each sends its statement through {@code to: kamelet:webops-sql-action}, whose options are names
 * and numbers only (no SQL, credential or config value in the YAML or an endpoint URI); a transient failure of the
 * statement is retried by Camel's redelivery and a non-transient one is not; text Camel would read as a placeholder or
 * expression reaches the database as written. On H2 and, when their URLs are set, PostgreSQL and MariaDB.
 */
public class SqlRoutesTest {

    /** Calls of {@link #flaky} and {@link #broken}, H2 functions of the test's own JVM. */
    static final AtomicInteger FLAKY_CALLS = new AtomicInteger();
    static final AtomicInteger BROKEN_CALLS = new AtomicInteger();

    /** Fails as a serialization failure (SQLState 40001, transient) for the first {@code failures} calls. */
    public static int flaky(int failures) throws SQLException {
        if (FLAKY_CALLS.incrementAndGet() <= failures) {
            throw new SQLException("could not serialize access due to concurrent update", "40001");
        }
        return 42;
    }

    /** Always fails with a syntax-class error (SQLState 42000, not transient). */
    public static int broken() throws SQLException {
        BROKEN_CALLS.incrementAndGet();
        throw new SQLException("no such column: nothing", "42000");
    }

    record Db(String name, String url, String user, String password, String credential, String drop) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static TestServer server;
    private static final List<Db> DATABASES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        String run = "routes_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        add("h2", "jdbc:h2:mem:" + run + ";DB_CLOSE_DELAY=-1", "sa", "h2-routes-pw-" + run, null, "VARCHAR(400)");
        exec(DATABASES.get(0), "CREATE ALIAS FLAKY FOR \"" + SqlRoutesTest.class.getName() + ".flaky\"",
                "CREATE ALIAS BROKEN FOR \"" + SqlRoutesTest.class.getName() + ".broken\"");
        String pg = System.getenv("WEBOPS_TEST_PG_URL");
        if (pg != null && !pg.isBlank()) {
            String user = System.getenv("WEBOPS_TEST_PG_USER");
            String password = System.getenv("WEBOPS_TEST_PG_PASSWORD");
            try (Connection c = DriverManager.getConnection(pg, user, password); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + run);
            }
            add("postgresql", pg + (pg.contains("?") ? "&" : "?") + "currentSchema=" + run, user, password,
                    "DROP SCHEMA " + run + " CASCADE", "VARCHAR(400)");
        }
        String maria = System.getenv("WEBOPS_TEST_MARIADB_URL");
        if (maria != null && !maria.isBlank()) {
            String user = System.getenv("WEBOPS_TEST_MARIADB_USER");
            String password = System.getenv("WEBOPS_TEST_MARIADB_PASSWORD");
            try (Connection c = DriverManager.getConnection(maria, user, password); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + run + " CHARACTER SET utf8mb4");
            }
            add("mariadb", DatabaseNodesTest.otherDatabase(maria, run), user, password, "DROP DATABASE " + run,
                    "VARCHAR(400) COLLATE utf8mb4_bin");
        }
    }

    private static void add(String name, String url, String user, String password, String drop, String textType) throws Exception {
        String credential = server.credential("routes " + name, "database", Map.of("jdbc_url", url, "username", user, "password", password));
        Db db = new Db(name, url, user, password, credential, drop);
        exec(db, "CREATE TABLE notes (v " + textType + ")");
        DATABASES.add(db);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Db db : DATABASES) {
            if (db.drop() != null) {
                exec(db, db.drop());
            }
        }
        server.close();
    }

    static Stream<Db> databases() {
        return DATABASES.stream();
    }

    @Test
    void theRoutesSendThroughTheKameletAndHoldNoSqlCredentialOrConfigValue() throws Exception {
        Db h2 = DATABASES.get(0);
        String marker = "marker_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        exec(h2, "CREATE TABLE " + marker + " (v VARCHAR(100))");
        String id = server.create(workflow("""
                {"id": "read", "type": "database_query", "timeout_seconds": 17, "config": {"credential": "%1$s",
                  "query": "select v, 'lit_%2$s' as l from notes where v = :v", "parameters": {"v": "{{ data.v }}-param_%2$s"},
                  "max_rows": 77}},
                {"id": "write", "type": "database_write", "config": {"credential": "%1$s", "table": "%2$s", "mode": "insert",
                  "rows": "rows_%2$s"}}""".formatted(h2.credential(), marker), ""));

        JsonNode ex = server.runAndWait(id, Map.of("v", "x", "rows_" + marker, List.of(Map.of("v", "written"))));
        String yaml = server.get("/api/workflows/" + id + "/routes").text();

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(column(h2, "select v from " + marker)).containsExactly("written");
        assertThat(yaml).contains("kamelet:webops-sql-action/").contains("loop:")
                .contains("queryTimeout: 17").contains("maxRows: 78").contains("parametersCount: 1").contains("batch: true");
        assertThat(yaml).doesNotContain(marker, "select", "notes", "{{", "param_", h2.credential(), h2.url(), "jdbc:", h2.password());
        // what JMX shows of the endpoints, the Kamelet's camel-sql endpoint included
        assertThat(server.server().camel().getEndpoints()).anyMatch(e -> e.getEndpointUri().startsWith("sql:"));
        for (Endpoint e : server.server().camel().getEndpoints()) {
            assertThat(e.getEndpointUri()).doesNotContain(h2.password(), "jdbc:h2", marker);
        }
    }

    /** The route names the node's DataSource, not a pool: a credential changed after deployment is used by the next run. */
    @Test
    void aCredentialChangedAfterDeploymentIsUsedByTheNextRun() throws Exception {
        String run = "moved_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Db first = new Db("h2", "jdbc:h2:mem:" + run + "_a;DB_CLOSE_DELAY=-1", "sa", "first-pw-" + run, null, null);
        Db second = new Db("h2", "jdbc:h2:mem:" + run + "_b;DB_CLOSE_DELAY=-1", "sa", "second-pw-" + run, null, null);
        exec(first, "CREATE TABLE whereami (v VARCHAR(10))", "INSERT INTO whereami VALUES ('first')");
        exec(second, "CREATE TABLE whereami (v VARCHAR(10))", "INSERT INTO whereami VALUES ('second')");
        String credential = server.credential("moving " + run, "database",
                Map.of("jdbc_url", first.url(), "username", "sa", "password", first.password()));
        String id = server.create(workflow("""
                {"id": "q", "type": "database_query", "config": {"credential": "%s", "query": "select v from whereami"}}"""
                .formatted(credential), ""));

        JsonNode before = server.runAndWait(id, "{}");
        assertThat(server.put("/api/credentials/" + credential, Map.of("fields",
                Map.of("jdbc_url", second.url(), "username", "sa", "password", second.password()))).status()).isEqualTo(200);
        JsonNode after = server.runAndWait(id, "{}");

        assertThat(before.at("/output/0").elements().next().asText()).as(before.toString()).isEqualTo("first");
        assertThat(after.at("/output/0").elements().next().asText()).as(after.toString()).isEqualTo("second");
    }

    /** Each node's Kamelet route is named after it and goes with the workflow's other routes. */
    @Test
    void theKameletRoutesOfAChangedOrDeletedWorkflowAreRemoved() throws Exception {
        Db h2 = DATABASES.get(0);
        String body = workflow("""
                {"id": "q", "type": "database_query", "config": {"credential": "%s", "query": "select count(*) as n from notes"}}"""
                .formatted(h2.credential()), "");
        String id = server.create(body);
        assertThat(server.runAndWait(id, "{}").get("status").asText()).isEqualTo("success");
        assertThat(sqlRoutes(id)).hasSize(1);

        for (int i = 0; i < 3; i++) {
            assertThat(server.put("/api/workflows/" + id, body).status()).isEqualTo(200);
            assertThat(server.runAndWait(id, "{}").get("status").asText()).isEqualTo("success");
        }
        server.server().engine().awaitRemovals();
        assertThat(sqlRoutes(id)).hasSize(1);

        assertThat(server.delete("/api/workflows/" + id).status()).isLessThan(300);
        server.server().engine().awaitRemovals();
        assertThat(sqlRoutes(id)).isEmpty();
        assertThat(server.server().camel().getEndpoints()).noneMatch(e -> e.getEndpointUri().contains(id + "."));
    }

    private static List<String> sqlRoutes(String workflowId) {
        return server.server().camel().getRoutes().stream()
                .filter(r -> r.isCreatedByKamelet() && r.getRouteId().startsWith(workflowId + ".")).map(r -> r.getRouteId()).toList();
    }

    @Test
    void aTransientFailureOfTheStatementIsRedeliveredAndANonTransientOneIsNot() throws Exception {
        Db h2 = DATABASES.get(0);
        FLAKY_CALLS.set(0);
        BROKEN_CALLS.set(0);

        JsonNode retried = run("""
                {"id": "q", "type": "database_query", "retry_on_failure": true, "max_retries": 3,
                 "config": {"credential": "%s", "query": "select flaky(2) as v"}}""".formatted(h2.credential()), "{}");
        JsonNode failed = run("""
                {"id": "q", "type": "database_query", "retry_on_failure": true, "max_retries": 3,
                 "config": {"credential": "%s", "query": "select broken() as v"}}""".formatted(h2.credential()), "{}");

        assertThat(retried.get("status").asText()).as(retried.toString()).isEqualTo("success");
        assertThat(retried.at("/output/0").elements().next().asInt()).isEqualTo(42);
        assertThat(nodeLog(retried, "q").get("attempts").asInt()).isEqualTo(3);
        assertThat(FLAKY_CALLS.get()).isEqualTo(3);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(nodeLog(failed, "q").get("attempts").asInt()).isEqualTo(1);
        assertThat(BROKEN_CALLS.get()).isEqualTo(1);
        assertThat(failed.get("error_message").asText()).contains("Node 'q': the database answered:").contains("no such column")
                .contains("check the SQL");
    }

    /**
     * A write of three batches whose second fails once (PostgreSQL runs a batch as one implicit transaction, so the failed
     * batch wrote nothing): the retry sends that batch again, not the first, and every row is written once. Running the
     * whole node again would write the first batch twice and fail on the primary key.
     */
    @Test
    void aRetriedWriteSendsTheFailedBatchAgainAndWritesEachRowOnce() throws Exception {
        Db pg = DATABASES.stream().filter(d -> d.name().equals("postgresql")).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(pg != null, "WEBOPS_TEST_PG_URL is not set");
        String t = "batches_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        // nextval is not rolled back with the batch: the first call for row `at` fails, the retry's passes
        exec(pg, "CREATE TABLE " + t + " (n BIGINT PRIMARY KEY, v BIGINT)", "CREATE SEQUENCE " + t + "_calls",
                "CREATE FUNCTION " + t + "_flaky(n BIGINT, at BIGINT) RETURNS BIGINT AS $$ BEGIN"
                        + " IF n = at AND nextval('" + t + "_calls') = 1 THEN"
                        + " RAISE EXCEPTION 'could not serialize access due to concurrent update' USING ERRCODE = '40001';"
                        + " END IF; RETURN n; END $$ LANGUAGE plpgsql");
        StringBuilder rows = new StringBuilder("[");
        for (int i = 0; i < 2500; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"n\": ").append(i).append("}");
        }

        JsonNode ex = run("""
                {"id": "w", "type": "database_write", "retry_on_failure": true, "max_retries": 2,
                 "config": {"credential": "%s", "query": "insert into %s values (:n, %s_flaky(:n, 1000))"}}"""
                .formatted(pg.credential(), t, t), rows.append("]").toString());

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(ex.at("/output/rows_affected").asInt()).isEqualTo(2500);
        assertThat(nodeLog(ex, "w").get("attempts").asInt()).isEqualTo(2);
        assertThat(nodeLog(ex, "w").at("/details/batches").asInt()).isEqualTo(3);
        assertThat(column(pg, "select concat(count(*), ':', sum(n), ':', sum(v)) from " + t)).containsExactly("2500:3123750:3123750");
        assertThat(column(pg, "select last_value from " + t + "_calls")).containsExactly("2");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void camelSyntaxInValuesAndSqlReachesTheDatabaseAsWritten(Db db) throws Exception {
        String hostile = "{{sys:user.home}} ${body} #{x} {{env:HOME}} ${sys:user.home}";
        exec(db, "DELETE FROM notes");

        JsonNode table = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "table": "notes"}}""".formatted(db.credential()),
                Json.write(Map.of("v", hostile)));
        JsonNode perRow = run("""
                {"id": "w", "type": "database_write", "config": {"credential": "%s", "query": "insert into notes (v) values (:v)",
                  "parameters": {"v": "${body} #{x} {{ item.v }}"}}}""".formatted(db.credential()),
                Json.write(List.of(Map.of("v", hostile))));
        JsonNode found = run("""
                {"id": "q", "type": "database_query", "config": {"credential": "%s",
                  "query": "select v, '{{sys:user.home}} #{x}' as l from notes where v = :v", "parameters": {"v": "{{ data.v }}"}}}"""
                .formatted(db.credential()), Json.write(Map.of("v", hostile)));

        assertThat(table.get("status").asText()).as(table.toString()).isEqualTo("success");
        assertThat(perRow.get("status").asText()).as(perRow.toString()).isEqualTo("success");
        assertThat(column(db, "select v from notes")).containsExactlyInAnyOrder("${body} #{x} " + hostile, hostile);
        assertThat(found.get("status").asText()).as(found.toString()).isEqualTo("success");
        assertThat(found.get("output").size()).isEqualTo(1);
        JsonNode row = found.at("/output/0");
        assertThat(row.path("v").isMissingNode() ? row.path("V").asText() : row.path("v").asText()).isEqualTo(hostile);
        assertThat(row.path("l").isMissingNode() ? row.path("L").asText() : row.path("l").asText()).isEqualTo("{{sys:user.home}} #{x}");
    }

    static String workflow(String nodes, String connections) {
        return "{\"name\": \"sql routes " + UUID.randomUUID() + "\", \"nodes\": [" + nodes + "], \"connections\": [" + connections + "]}";
    }

    static JsonNode run(String node, String input) throws Exception {
        return server.runAndWait(server.create(workflow(node, "")), input);
    }

    static void exec(Db db, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    static List<String> column(Db db, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
