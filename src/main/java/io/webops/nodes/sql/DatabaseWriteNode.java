package io.webops.nodes.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.credentials.ResolvedCredential;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.CamelStep;
import io.webops.nodes.Category;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.NodeExecutor;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.NodeType;
import io.webops.nodes.Paths;
import io.webops.nodes.Schema;
import io.webops.nodes.Steps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.sql.SqlConstants;
import org.apache.camel.support.ExpressionAdapter;

/**
 * {@code database_write}: inserts, updates or upserts rows (objects) into a table, or runs the user's SQL once per row,
 * as JDBC batches of at most {@value #BATCH_ROWS} rows. Table and column names must be plain SQL names, quoted in the
 * statement ({@link WriteSql}, which also holds each database's upsert), and every value is bound. The node's route shows
 * the writes: its run prepares the statement and the rows' values, then a loop sends one batch per pass to
 * {@code kamelet:webops-sql-action} (camel-sql, {@link SqlConnector}); a transient failure of a batch is retried by
 * Camel's redelivery of that batch, the batches before it staying written once. Output: {@code {rows_affected}}.
 */
public final class DatabaseWriteNode implements NodeType {

    public static final String ID = "database_write";

    /** Rows per JDBC batch: one round trip each, memory bounded. */
    static final int BATCH_ROWS = 1000;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    @Override
    public List<String> kamelets() {
        return List.of("webops-sql-action");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Category category() {
        return Category.OUTPUT;
    }

    @Override
    public String title() {
        return "Database Write";
    }

    @Override
    public String description() {
        return "Insert, update or upsert rows into a table (or run SQL once per row) on a database credential, in batches.";
    }

    @Override
    public String credentialKind() {
        return "database";
    }

    @Override
    public ObjectNode configSchema() {
        ObjectNode name = JsonNodeFactory.instance.objectNode().put("type", "string");
        return Schema.object()
                .string("credential", "Database", "A database credential (JDBC URL, user, password)")
                .string("table", "Table", "Table to write, e.g. orders or sales.orders (plain SQL names)")
                .string("query", "SQL", "Instead of a table: SQL run once per row, :name parameters taken from the row's fields")
                .stringMap("parameters", "Parameters", "With query: value of each :name parameter; templates over item (the row) and data")
                .enumeration("mode", "Mode", "insert, update (by key) or upsert (insert or update by key)", "insert", "update", "upsert")
                .defaultValue("mode", "insert")
                .string("rows", "Rows", "Path to the array of row objects in the input; default: the input (one row if it is not an array)")
                .array("key", "Key columns", "Columns that identify a row, for update and upsert", name)
                .oneRequired("table", "query")
                .build();
    }

    @Override
    public void check(Node node, Consumer<ValidationError> problems) {
        CredentialRef.check(node, credentialKind(), problems);
        SqlChecks.sql(node, "query", problems);
        SqlChecks.templates(node, "parameters", problems);
        String table = node.configText("table", null);
        if (table != null && !validTable(table)) {
            problems.accept(ValidationError.ofNode(node.id(), "config.table", "Node '" + node.id() + "': config.table '" + table
                    + "' is not a plain SQL name; use letters, digits and _ (schema.table allowed)"));
        }
        String mode = node.configText("mode", "insert");
        if (table != null && !"insert".equals(mode) && keys(node).isEmpty()) {
            problems.accept(ValidationError.ofNode(node.id(), "config.key", "Node '" + node.id() + "': config.key is required for mode "
                    + mode + "; list the columns that identify a row, e.g. [\"id\"]"));
        }
        for (String k : keys(node)) {
            if (!NAME.matcher(k).matches()) {
                problems.accept(ValidationError.ofNode(node.id(), "config.key", "Node '" + node.id() + "': config.key '" + k
                        + "' is not a plain SQL name; use letters, digits and _"));
            }
        }
    }

    @Override
    public NodeExecutor executor(Node node, NodeServices services) {
        String credentialId = CredentialRef.idOf(node);
        String table = node.configText("table", null);
        String mode = node.configText("mode", "insert");
        String rowsPath = node.configText("rows", null);
        List<String> keys = keys(node);
        DatabaseQueryNode.Parameters parameters = DatabaseQueryNode.Parameters.of(node.config().get("parameters"));
        SqlConnector connector = SqlConnector.of(services);
        return call -> {
            List<JsonNode> rows = rows(node.id(), call.input(), rowsPath);
            ResolvedCredential credential = services.credential(credentialId, credentialKind());
            SqlConnector.Pool pool = connector.pool(node.id(), credential);
            String sql;
            List<List<Object>> values = new ArrayList<>(rows.size());
            if (table == null) {
                NamedSql query = SqlChecks.parse(node, "query", pool.dialect);
                if (pool.dialect == SqlConnector.Dialect.H2) {
                    SqlChecks.h2(node, "query", query);
                }
                sql = query.jdbcSql();
                for (JsonNode row : rows) {
                    values.add(parameters.values(node.id(), query.names(), call.varsWithItem(row), row));
                }
            } else {
                WriteSql s;
                try {
                    s = statement(node.id(), pool, table, mode, keys, rows);
                } catch (java.sql.SQLException e) {
                    throw SqlConnector.failure(node.id(), credential, e);
                }
                sql = s.sql();
                for (JsonNode row : rows) {
                    List<Object> v = new ArrayList<>(s.order().size());
                    for (String column : s.order()) {
                        v.add(SqlValues.toJdbc(row.get(column)));
                    }
                    values.add(v);
                }
            }
            // MySQL's rule counts an upserted row twice when it was updated; each row is written once
            boolean rowsCount = table != null && "upsert".equals(mode) && pool.dialect == SqlConnector.Dialect.MARIADB;
            // the batches are written by the route's next steps (a loop to kamelet:webops-sql-action)
            return new NodeResult(call.input(), io.webops.model.Connection.OUTPUT, new Batches(credential, sql, values, rowsCount), null);
        };
    }

    /** Beans of the loop besides the DataSource and row mapper: how many passes, each pass's rows, its update count. */
    @Override
    public Map<String, Object> camelBeans(Node node, NodeServices services) {
        Map<String, Object> beans = new HashMap<>(SqlConnector.camelBeans(node, services));
        beans.put("batches", new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange e) {
                return Batches.of(e).size();
            }
        });
        beans.put("batch", (Processor) e -> Batches.of(e).pass(e.getMessage(), e.getProperty(Exchange.LOOP_INDEX, Integer.class)));
        beans.put("batched", (Processor) e -> Batches.of(e).answered(e.getProperty(Exchange.LOOP_INDEX, Integer.class),
                e.getMessage().getHeader(SqlConstants.SQL_UPDATE_COUNT, Integer.class)));
        return beans;
    }

    @Override
    public List<Object> camelSteps(CamelStep step) {
        Node node = step.node();
        // a table's statement has a placeholder per column of the rows, known when the node runs
        int placeholders = node.configText("table", null) == null ? SqlChecks.placeholders(node, "query") : 0;
        Map<String, Object> loop = Steps.map("loop", Steps.map(
                "#", "one JDBC batch of at most " + BATCH_ROWS + " rows per pass; a retry sends the failed batch again",
                "expression", Steps.ref(step.bean("batches")),
                "steps", List.of(Steps.process(step.bean("batch")), SqlConnector.endpoint(step, true, 0, placeholders),
                        Steps.process(step.bean("batched")))));
        List<Object> steps = new ArrayList<>(step.send(loop));
        steps.addAll(step.dispatch());
        return steps;
    }

    @Override
    public NodeResult answer(Node node, NodeResult ran, Message answer, long durationMillis) {
        Batches batches = (Batches) ran.attachment();
        answer.getExchange().removeProperty(Batches.PROPERTY);
        long affected = batches.affected();
        ObjectNode out = JsonNodeFactory.instance.objectNode().put("rows_affected", affected);
        ObjectNode details = JsonNodeFactory.instance.objectNode()
                .put("rows", batches.rows).put("batches", batches.size()).put("rows_affected", affected).put("statement", batches.sql);
        return NodeResult.of(out).withDetails(details);
    }

    @Override
    public Throwable failure(Node node, NodeResult ran, Throwable failure) {
        return SqlConnector.failure(node, ran, failure);
    }

    /**
     * The statement and the rows' values in batches of at most {@value #BATCH_ROWS}, and the rows each batch wrote. The
     * route's loop puts one batch on the message per pass ({@link #pass}) and hands back its update count
     * ({@link #answered}); it finds this on the exchange, where {@link #onto} leaves it.
     */
    static final class Batches implements SqlConnector.Statement {

        static final String PROPERTY = "webopsSqlBatches";

        private final ResolvedCredential credential;
        final String sql;
        final int rows;
        private final List<List<List<Object>>> batches = new ArrayList<>();
        private final boolean countRows;
        private final AtomicLongArray written;

        /** @param countRows whether a batch wrote as many rows as it holds, whatever the database counts */
        Batches(ResolvedCredential credential, String sql, List<List<Object>> values, boolean countRows) {
            this.credential = credential;
            this.sql = sql;
            this.rows = values.size();
            this.countRows = countRows;
            for (int from = 0; from < values.size(); from += BATCH_ROWS) {
                batches.add(values.subList(from, Math.min(values.size(), from + BATCH_ROWS)));
            }
            this.written = new AtomicLongArray(batches.size());
        }

        static Batches of(Exchange e) {
            return e.getProperty(PROPERTY, Batches.class);
        }

        @Override
        public ResolvedCredential credential() {
            return credential;
        }

        @Override
        public void onto(Message m) {
            m.setHeader(SqlConstants.SQL_QUERY, sql);
            m.getExchange().setProperty(PROPERTY, this);
        }

        int size() {
            return batches.size();
        }

        /** Batch {@code index} for camel-sql: the SQL in {@code CamelSqlQuery}, the rows' values (a list each) as the body. */
        void pass(Message m, int index) {
            m.setHeader(SqlConstants.SQL_QUERY, sql);
            m.setBody(batches.get(index));
        }

        void answered(int index, Integer updateCount) {
            int count = updateCount == null ? 0 : updateCount;
            // drivers may answer "done, count unknown" (-2) for batched statements
            written.set(index, count >= 0 && !countRows ? count : batches.get(index).size());
        }

        long affected() {
            long sum = 0;
            for (int i = 0; i < written.length(); i++) {
                sum += written.get(i);
            }
            return sum;
        }
    }

    private static WriteSql statement(String nodeId, SqlConnector.Pool pool, String table, String mode, List<String> keys,
                                      List<JsonNode> rows) throws java.sql.SQLException {
        Set<String> columns = new LinkedHashSet<>();
        for (JsonNode row : rows) {
            if (!row.isObject()) {
                throw NodeFailure.data("Node '" + nodeId + "': each row must be an object of column names to values, found "
                        + row.getNodeType().name().toLowerCase(Locale.ROOT) + "; point config.rows at an array of objects");
            }
            row.fieldNames().forEachRemaining(columns::add);
        }
        for (String c : columns) {
            if (!NAME.matcher(c).matches()) {
                throw NodeFailure.data("Node '" + nodeId + "': field '" + c + "' of a row is not a plain SQL column name;"
                        + " rename it with a transform before this node (letters, digits and _)");
            }
        }
        for (String k : keys) {
            if (!columns.contains(k)) {
                throw NodeFailure.data("Node '" + nodeId + "': the rows have no field '" + k + "' named in config.key;"
                        + " give each row its key column");
            }
        }
        if ("update".equals(mode) && keys.containsAll(columns)) {
            throw NodeFailure.data("Node '" + nodeId + "': the rows have only key columns, nothing to update");
        }
        // ON DUPLICATE KEY matches on the table's keys, not on config.key: without such a key every row would be inserted
        if ("upsert".equals(mode) && pool.dialect == SqlConnector.Dialect.MARIADB && pool.lacksUniqueKey(table, keys)) {
            throw NodeFailure.config("Node '" + nodeId + "': table " + table + " has no primary or unique key on exactly "
                    + String.join(", ", keys) + " (config.key); the columns of config.key must be the table's primary key"
                    + " or have a unique constraint, as MariaDB and MySQL upsert on the table's keys");
        }
        boolean folds = pool.dialect == SqlConnector.Dialect.H2 || pool.dialect == SqlConnector.Dialect.POSTGRESQL;
        return WriteSql.of(pool.dialect, folds && pool.upperCaseNames(), table, mode, List.copyOf(columns), keys);
    }

    private static List<JsonNode> rows(String nodeId, JsonNode input, String path) {
        JsonNode at = Paths.get(input, path);
        if (at == null || at.isMissingNode() || at.isNull()) {
            throw NodeFailure.data("Node '" + nodeId + "': " + (path == null ? "the input" : "config.rows '" + path + "'")
                    + " holds no rows; point config.rows at the array of row objects");
        }
        List<JsonNode> rows = new ArrayList<>();
        if (at.isArray()) {
            at.forEach(rows::add);
        } else {
            rows.add(at);
        }
        return rows;
    }

    private static List<String> keys(Node node) {
        JsonNode k = node.config().get("key");
        List<String> keys = new ArrayList<>();
        if (k != null && k.isArray()) {
            k.forEach(v -> keys.add(v.asText()));
        }
        return keys;
    }

    private static boolean validTable(String table) {
        String[] parts = table.split("\\.", -1);
        return parts.length <= 2 && java.util.Arrays.stream(parts).allMatch(p -> NAME.matcher(p).matches());
    }
}
