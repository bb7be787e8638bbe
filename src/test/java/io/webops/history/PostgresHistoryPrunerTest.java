package io.webops.history;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.SQLException;
import java.util.UUID;

/** History retention on PostgreSQL, when {@code WEBOPS_TEST_PG_URL} is set; a fresh schema each test. */
@EnabledIfEnvironmentVariable(named = "WEBOPS_TEST_PG_URL", matches = ".+")
class PostgresHistoryPrunerTest extends AbstractHistoryPrunerTest {
    String schema;

    @Override
    Store openStore() throws SQLException {
        schema = "webops_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        PostgresStoreTest.execute("CREATE SCHEMA " + schema);
        String url = PostgresStoreTest.URL + (PostgresStoreTest.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return Store.open(url, PostgresStoreTest.USER, PostgresStoreTest.PASSWORD, "this-instance");
    }

    @AfterEach
    void dropSchema() throws SQLException {
        if (store != null) {
            store.close();
        }
        PostgresStoreTest.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
