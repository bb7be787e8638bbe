package io.webops.templates;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link SharedTemplatesTest} with the runtime on PostgreSQL (when {@code WEBOPS_TEST_PG_URL} is set), in a fresh schema. */
@EnabledIfEnvironmentVariable(named = "WEBOPS_TEST_PG_URL", matches = ".+")
class PostgresSharedTemplatesTest extends SharedTemplatesTest {

    static final String URL = System.getenv("WEBOPS_TEST_PG_URL");
    static final String USER = System.getenv("WEBOPS_TEST_PG_USER");
    static final String PASSWORD = System.getenv("WEBOPS_TEST_PG_PASSWORD");
    String schema;

    @Override
    @BeforeAll
    void start() throws Exception {
        schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + schema);
        startOn(Map.of("WEBOPS_DB_URL", URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "WEBOPS_DB_USER", USER, "WEBOPS_DB_PASSWORD", PASSWORD));
    }

    @Override
    @AfterAll
    void stop() throws Exception {
        super.stop();
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
