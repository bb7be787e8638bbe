package io.webops.history;

import com.zaxxer.hikari.HikariConfig;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * The few SQL differences between H2 and PostgreSQL. Everything else in the store is portable SQL.
 *
 * <p>The execution upsert never overwrites a row that is already finished (status not pending/running). Its update
 * count therefore tells the writer whether this write is the one that finished the execution, which makes the
 * statistics increment exactly-once per execution even if {@code finished()} is called twice for the same id. Nor does
 * it change a row another instance took over ({@link #ownedByWriter}).
 */
abstract sealed class Dialect permits Dialect.H2, Dialect.Postgres {

    /** Columns read by {@link Executions#read}: the legacy JSON text columns are read for rows without payload. */
    static final String EXECUTION_COLUMNS = "id, workflow_id, workflow_version, status, trigger_type, trigger_data, "
            + "input, output, error_message, error_traceback, started_at, completed_at, duration_ms, node_logs, payload, "
            + "data_saved";
    /**
     * Columns written by the history writer, in parameter order (see {@code HistoryWriter.bind}):
     * the record's columns plus the instance that runs the execution (never updated).
     */
    static final String WRITTEN_COLUMNS = "id, workflow_id, workflow_version, status, trigger_type, error_message, "
            + "error_traceback, started_at, completed_at, duration_ms, payload, data_saved, instance_id";
    static final String[] UPDATED_COLUMNS = {"workflow_id", "workflow_version", "status", "trigger_type",
            "error_message", "error_traceback", "started_at", "completed_at", "duration_ms", "payload", "data_saved"};
    static final int EXECUTION_PARAMS = 13;

    /**
     * The fence of the upsert, over the stored row and the written one: a row another instance has taken over
     * ({@link Instances#claim}) is not changed by the instance it was taken from, should that one still be running.
     */
    static String ownedByWriter(String stored, String written) {
        return "(" + stored + ".instance_id IS NULL OR " + stored + ".instance_id = " + written + ".instance_id)";
    }

    /** Plain insert of a row never written before (see {@code HistoryWriter}: the fast path). */
    static final String INSERT_EXECUTION = "INSERT INTO executions (" + WRITTEN_COLUMNS + ") VALUES ("
            + placeholders(EXECUTION_PARAMS) + ")";

    static Dialect forUrl(String jdbcUrl) {
        if (jdbcUrl == null) {
            throw new IllegalArgumentException("jdbcUrl is null");
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return new H2();
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new Postgres();
        }
        throw new IllegalArgumentException("unsupported JDBC URL (expected jdbc:h2: or jdbc:postgresql:): " + jdbcUrl);
    }

    /** Folder name under {@code db/migration}. */
    abstract String name();

    /** Upsert of one executions row; parameters in {@link #WRITTEN_COLUMNS} order. */
    abstract String upsertExecution();

    abstract int defaultPoolSize();

    /** SQL after which committed transactions survive the process being killed; null when a commit does that already. */
    String persistCommitted() {
        return null;
    }

    void configure(HikariConfig config) {
    }

    /** Errors worth retrying forever (connection lost, lock timeout, deadlock, serialization failure...). */
    boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.startsWith("40") || state.startsWith("53")
                        || state.startsWith("57") || state.equals("HYT00")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Data exception or integrity violation: the same rows will fail again, retrying the batch is pointless. */
    static boolean isDataError(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
            if (s.getNextException() == s) {
                break;
            }
        }
        return false;
    }

    static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    static final class H2 extends Dialect {
        private static final String H2_TYPED_PARAMS = String.join(", ",
                "CAST(? AS VARCHAR)", "CAST(? AS VARCHAR)", "CAST(? AS INTEGER)", "CAST(? AS VARCHAR)",
                "CAST(? AS VARCHAR)", "CAST(? AS CLOB)", "CAST(? AS CLOB)",
                "CAST(? AS TIMESTAMP(6) WITH TIME ZONE)", "CAST(? AS TIMESTAMP(6) WITH TIME ZONE)",
                "CAST(? AS BIGINT)", "CAST(? AS VARBINARY)", "CAST(? AS BOOLEAN)", "CAST(? AS VARCHAR)");

        @Override
        String name() {
            return "h2";
        }

        /** H2 stores committed changes in its file in the background (about every second); CHECKPOINT does it now. */
        @Override
        String persistCommitted() {
            return "CHECKPOINT";
        }

        @Override
        String upsertExecution() {
            StringBuilder set = new StringBuilder();
            for (String c : UPDATED_COLUMNS) {
                set.append(set.isEmpty() ? "" : ", ").append(c).append(" = s.").append(c);
            }
            // Typed parameters: without the casts H2 derives the VALUES column types from the first row of a
            // batch, and a NULL there would turn the same column of every later row into NULL.
            return "MERGE INTO executions t USING (VALUES (" + H2_TYPED_PARAMS + ")) s("
                    + WRITTEN_COLUMNS + ") ON t.id = s.id"
                    + " WHEN MATCHED AND t.status IN ('pending', 'running') AND " + ownedByWriter("t", "s")
                    + " THEN UPDATE SET " + set
                    + " WHEN NOT MATCHED THEN INSERT (" + WRITTEN_COLUMNS + ") VALUES ("
                    + WRITTEN_COLUMNS.replaceAll("(\\w+)", "s.$1") + ")";
        }

        @Override
        int defaultPoolSize() {
            return 8;
        }
    }

    static final class Postgres extends Dialect {
        @Override
        String name() {
            return "postgresql";
        }

        @Override
        String upsertExecution() {
            StringBuilder set = new StringBuilder();
            for (String c : UPDATED_COLUMNS) {
                set.append(set.isEmpty() ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
            }
            return "INSERT INTO executions (" + WRITTEN_COLUMNS + ") VALUES (" + placeholders(EXECUTION_PARAMS)
                    + ") ON CONFLICT (id) DO UPDATE SET " + set
                    + " WHERE executions.status IN ('pending', 'running') AND "
                    + ownedByWriter("executions", "EXCLUDED");
        }

        @Override
        int defaultPoolSize() {
            return 10;
        }

        @Override
        void configure(HikariConfig config) {
            // Not reWriteBatchedInserts: the writer needs the per-row update counts of the batch (see class doc).
            config.addDataSourceProperty("ApplicationName", "webops-history");
        }
    }
}
