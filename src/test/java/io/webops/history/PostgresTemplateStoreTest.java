package io.webops.history;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** Shared templates and usage counts on PostgreSQL (when {@code WEBOPS_TEST_PG_URL} is set), each test in a fresh schema. */
@EnabledIfEnvironmentVariable(named = "WEBOPS_TEST_PG_URL", matches = ".+")
class PostgresTemplateStoreTest extends AbstractTemplateStoreTest {

    String schema;

    @Override
    Store openStore() throws Exception {
        schema = "webops_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        PostgresStoreTest.execute("CREATE SCHEMA " + schema);
        String url = PostgresStoreTest.URL + (PostgresStoreTest.URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return Store.open(url, PostgresStoreTest.USER, PostgresStoreTest.PASSWORD, "this-instance");
    }

    @AfterEach
    void dropSchema() throws Exception {
        store.close();
        PostgresStoreTest.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
