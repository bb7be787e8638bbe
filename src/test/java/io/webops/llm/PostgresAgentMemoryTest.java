package io.webops.llm;

import io.webops.history.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The agent memory tests on PostgreSQL (a fresh schema each), when WEBOPS_TEST_PG_URL is set. */
@EnabledIfEnvironmentVariable(named = "WEBOPS_TEST_PG_URL", matches = ".+")
class PostgresAgentMemoryTest extends AgentMemoryTest {

    static final String URL = System.getenv("WEBOPS_TEST_PG_URL");
    static final String USER = System.getenv("WEBOPS_TEST_PG_USER");
    static final String PASSWORD = System.getenv("WEBOPS_TEST_PG_PASSWORD");

    private String schema;

    @Override
    protected Store openStore() throws Exception {
        schema = "webops_agents_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + schema);
        return Store.open(URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, USER, PASSWORD, "agents-test");
    }

    @Override
    protected void dropStore() throws Exception {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
