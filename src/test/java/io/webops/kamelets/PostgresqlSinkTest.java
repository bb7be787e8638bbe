package io.webops.kamelets;

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
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The postgresql-sink Kamelet as a node of a workflow built through the API, against the CI database
 * ({@code WEBOPS_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}): the rows arrive in the table, the password comes
 * from a kamelet credential and never shows in the generated routes.
 */
@EnabledIfEnvironmentVariable(named = "WEBOPS_TEST_PG_URL", matches = ".+")
class PostgresqlSinkTest {

    static final String URL = System.getenv("WEBOPS_TEST_PG_URL");
    static final String USER = System.getenv("WEBOPS_TEST_PG_USER");
    static final String PASSWORD = System.getenv("WEBOPS_TEST_PG_PASSWORD");
    static final String TABLE = "kamelet_sink_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        execute("CREATE TABLE " + TABLE + " (name TEXT, city TEXT)");
        s = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (s != null) {
            s.close();
        }
        execute("DROP TABLE IF EXISTS " + TABLE);
    }

    static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static List<String> rows() throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, city FROM " + TABLE + " ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "/" + rs.getString(2));
            }
        }
        return out;
    }

    /** {@code jdbc:postgresql://host:port/db?...} as host, port, database. */
    static String[] hostPortDb() {
        java.net.URI u = java.net.URI.create(URL.substring("jdbc:".length()));
        return new String[] {u.getHost(), String.valueOf(u.getPort() < 0 ? 5432 : u.getPort()), u.getPath().substring(1)};
    }

    private static String workflow(String credential) {
        String[] hpd = hostPortDb();
        return Json.write(Map.of("name", "rows into postgres", "nodes", List.of(
                Map.of("id", "in", "type", "webhook_input"),
                Map.of("id", "pg", "type", "kamelet:postgresql-sink", "credential", credential, "config", Map.of(
                        "serverName", hpd[0], "serverPort", hpd[1], "databaseName", hpd[2], "username", USER,
                        "query", "INSERT INTO " + TABLE + " (name, city) VALUES (:#name, :#city)"))),
                "connections", List.of(Map.of("source", "in", "target", "pg"))));
    }

    @Test
    void eachRunWritesItsInputAsARowWithThePasswordFromTheCredential() throws Exception {
        String credential = s.credential("pg kamelet", "kamelet", Map.of("password", PASSWORD));
        String id = s.create(workflow(credential));
        JsonNode first = s.runAndWait(id, Json.parse("{\"name\": \"ada\", \"city\": \"London & {{env:HOME}}\"}"));
        assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("success");
        assertThat(first.get("output")).isEqualTo(Json.parse("{\"name\": \"ada\", \"city\": \"London & {{env:HOME}}\"}"));
        JsonNode second = s.runAndWait(id, Json.parse("{\"name\": \"bob\", \"city\": \"Paris\"}"));
        assertThat(second.get("status").asText()).isEqualTo("success");
        // the data travels in the body: placeholder syntax there is only text
        assertThat(rows()).containsExactly("ada/London & {{env:HOME}}", "bob/Paris");
        String routes = s.get("/api/workflows/" + id + "/routes").text();
        assertThat(routes).contains("kamelet:postgresql-sink/");
        assertThat(routes.lines().filter(l -> l.contains("password:")).toList())
                .singleElement().satisfies(l -> assertThat(l).contains("{{webops-secret:" + id + ".v1.pg.secret.password}}"));
        // (the CI password may equal the user name, which the routes rightly show)
        assertThat(routes.replace("RAW(" + USER + ")", "")).doesNotContain("RAW(" + PASSWORD + ")");
        assertThat(s.get("/api/credentials/" + credential).text()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordFailsTheNodeAndNoRowArrives() throws Exception {
        String credential = s.credential("pg kamelet wrong", "kamelet", Map.of("password", "not-" + PASSWORD));
        String id = s.create(workflow(credential));
        JsonNode run = s.runAndWait(id, Json.parse("{\"name\": \"zed\", \"city\": \"Nowhere\"}"));
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.toString()).doesNotContain("not-" + PASSWORD);
        assertThat(rows()).doesNotContain("zed/Nowhere");
    }
}
