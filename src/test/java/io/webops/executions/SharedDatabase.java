package io.webops.executions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh schema in the test PostgreSQL ({@code WEBOPS_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}) for server
 * processes to share, dropped on close.
 */
final class SharedDatabase implements AutoCloseable {

    private static final String URL = System.getenv("WEBOPS_TEST_PG_URL");
    private final String schema;

    SharedDatabase(String prefix) throws Exception {
        this.schema = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE SCHEMA " + schema);
    }

    /** The settings that point a server at this schema. */
    Map<String, String> settings() {
        return Map.of("WEBOPS_DB_URL", URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "WEBOPS_DB_USER", System.getenv("WEBOPS_TEST_PG_USER"),
                "WEBOPS_DB_PASSWORD", System.getenv("WEBOPS_TEST_PG_PASSWORD"));
    }

    /** The schema's name, to qualify a table in SQL run through {@link #connection()}. */
    String schema() {
        return schema;
    }

    static Connection connection() throws Exception {
        return DriverManager.getConnection(URL, System.getenv("WEBOPS_TEST_PG_USER"), System.getenv("WEBOPS_TEST_PG_PASSWORD"));
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() throws Exception {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
}
