package io.webops.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Store behaviour on PostgreSQL; runs only when {@code WEBOPS_TEST_PG_URL} (and {@code WEBOPS_TEST_PG_USER},
 * {@code WEBOPS_TEST_PG_PASSWORD}) are set. Every test gets a fresh schema (via {@code currentSchema=}), dropped
 * afterwards.
 */
@EnabledIfEnvironmentVariable(named = "WEBOPS_TEST_PG_URL", matches = ".+")
class PostgresStoreTest extends AbstractStoreTest {
    static final String URL = System.getenv("WEBOPS_TEST_PG_URL");
    static final String USER = System.getenv("WEBOPS_TEST_PG_USER");
    static final String PASSWORD = System.getenv("WEBOPS_TEST_PG_PASSWORD");

    String schema;

    @Override
    Store openStore() throws SQLException {
        schema = "webops_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + schema);
        return reopenStore();
    }

    @Override
    Store reopenStore() {
        return Store.open(url(), USER, PASSWORD, "this-instance");
    }

    @Override
    Store openOtherInstance(String instanceId) {
        return Store.open(url(), USER, PASSWORD, instanceId);
    }

    private String url() {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (store != null) {
            store.close();
        }
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
