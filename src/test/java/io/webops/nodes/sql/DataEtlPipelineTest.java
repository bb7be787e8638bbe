package io.webops.nodes.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.webops.TestServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's use case 3, daily deployment metrics: database_query → transform → filter →
 * aggregate → webhook_output, on a real H2 database (and PostgreSQL when WEBOPS_TEST_PG_URL is
 * set) to a loopback HTTP server that records what it receives.
 */
class DataEtlPipelineTest {

    private static final String EXPECTED = "{\"report\":\"deployments\",\"services\":["
            + "{\"service\":\"api\",\"deploys\":3,\"total_seconds\":240,\"avg_seconds\":80.0,\"slowest\":120},"
            + "{\"service\":\"web\",\"deploys\":2,\"total_seconds\":105,\"avg_seconds\":52.5,\"slowest\":60}]}";

    private static TestServer server;
    private static HttpServer analytics;
    private static final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        analytics = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        analytics.createContext("/metrics", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        analytics.start();
    }

    @AfterAll
    static void stop() {
        analytics.stop(0);
        server.close();
    }

    @Test
    void deploymentMetricsFromH2ArePostedAsPerServiceStatistics() throws Exception {
        String url = "jdbc:h2:mem:etl_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertThat(runPipeline(c, url, "sa", "", "deployments")).isEqualTo(EXPECTED);
        }
    }

    @Test
    void deploymentMetricsFromPostgresqlArePostedAsPerServiceStatistics() throws Exception {
        String pg = System.getenv("WEBOPS_TEST_PG_URL");
        org.junit.jupiter.api.Assumptions.assumeTrue(pg != null && !pg.isBlank(), "WEBOPS_TEST_PG_URL is not set");
        String user = System.getenv("WEBOPS_TEST_PG_USER");
        String password = System.getenv("WEBOPS_TEST_PG_PASSWORD");
        String schema = "conn_test_etl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(pg, user, password)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            try {
                assertThat(runPipeline(c, pg, user, password, schema + ".deployments")).isEqualTo(EXPECTED);
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    /** Fills the table, runs the workflow and answers the one body the analytics server received. */
    private static String runPipeline(Connection c, String url, String user, String password, String table) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, service VARCHAR(20), status VARCHAR(10),"
                    + " duration_s INT, deployed_at TIMESTAMP)");
            s.execute("INSERT INTO " + table + " VALUES"
                    + " (0, 'api', 'success', 999, TIMESTAMP '2026-11-20 09:00:00'),"
                    + " (1, 'api', 'success', 120, TIMESTAMP '2026-11-25 09:00:00'),"
                    + " (2, 'api', 'failed', 30, TIMESTAMP '2026-11-25 09:10:00'),"
                    + " (3, 'web', 'success', 60, TIMESTAMP '2026-11-25 10:00:00'),"
                    + " (4, 'api', 'success', 90, TIMESTAMP '2026-11-25 11:00:00'),"
                    + " (5, 'web', 'success', NULL, TIMESTAMP '2026-11-25 12:00:00'),"
                    + " (6, 'jobs', 'success', -5, TIMESTAMP '2026-11-25 13:00:00'),"
                    + " (7, 'web', 'failed', 45, TIMESTAMP '2026-11-25 14:00:00')");
        }
        TestServer.Reply cred = server.post("/api/credentials", Map.of("name", "deployments " + UUID.randomUUID(), "kind", "database",
                "fields", Map.of("jdbc_url", url, "username", user, "password", password)));
        assertThat(cred.status()).as(cred.text()).isEqualTo(201);
        received.clear();
        String id = server.create("""
                {"name": "Daily deployment metrics %s",
                 "nodes": [
                  {"id": "extract", "type": "database_query", "config": {"credential": "%s",
                    "query": "select service as \\"service\\", status as \\"status\\", duration_s as \\"duration_s\\" from %s where deployed_at >= :since order by id",
                    "parameters": {"since": "{{ data.since }}"}}},
                  {"id": "shape", "type": "transform", "config": {"type": "jmespath",
                    "query": "{deployments: extract[*].{service: service, ok: status == 'success', seconds: duration_s}}"}},
                  {"id": "valid", "type": "filter", "config": {"path": "deployments", "condition": "item.seconds != null and item.seconds >= 0"}},
                  {"id": "stats", "type": "aggregate", "config": {"path": "deployments", "group_by": "service", "operations": [
                    {"op": "count", "as": "deploys"}, {"op": "sum", "field": "seconds", "as": "total_seconds"},
                    {"op": "avg", "field": "seconds", "as": "avg_seconds"}, {"op": "max", "field": "seconds", "as": "slowest"}]}},
                  {"id": "post", "type": "webhook_output", "config": {"url": "http://127.0.0.1:%d/metrics",
                    "payload": {"report": "deployments", "services": "{{ data.stats }}"}}}],
                 "connections": [{"source": "extract", "target": "shape"}, {"source": "shape", "target": "valid"},
                  {"source": "valid", "target": "stats"}, {"source": "stats", "target": "post"}]}"""
                .formatted(UUID.randomUUID(), cred.json().get("id").asText(), table, analytics.getAddress().getPort()));

        JsonNode ex = server.runAndWait(id, Map.of("since", "2026-11-25T00:00:00"));

        assertThat(ex.get("status").asText()).as(ex.toString()).isEqualTo("success");
        assertThat(received).hasSize(1);
        return received.get(0);
    }
}
