package io.webops.nodes.sql;

import io.webops.expr.Template;
import io.webops.model.Node;
import io.webops.model.ValidationError;
import io.webops.nodes.NodeFailure;
import java.util.List;
import java.util.function.Consumer;

/** Save-time and run-time checks of the SQL node types' config, with messages naming node and field. */
final class SqlChecks {

    /** The ways SQL text is read: PostgreSQL's (and H2's), MariaDB's and SQL Server's. */
    private static final List<SqlConnector.Dialect> READINGS = List.of(SqlConnector.Dialect.POSTGRESQL,
            SqlConnector.Dialect.MARIADB, SqlConnector.Dialect.SQLSERVER);

    private SqlChecks() {
    }

    static void sql(Node node, String field, Consumer<ValidationError> problems) {
        String sql = node.configText(field, null);
        if (sql == null) {
            return;
        }
        // the database is known only when the node runs: SQL that one of them reads well passes here
        NamedSql.Invalid first = null;
        for (SqlConnector.Dialect d : READINGS) {
            try {
                NamedSql.parse(sql, d);
                return;
            } catch (NamedSql.Invalid e) {
                first = first == null ? e : first;
            }
        }
        problems.accept(ValidationError.ofNode(node.id(), "config." + field,
                "Node '" + node.id() + "': config." + field + " " + first.getMessage()));
    }

    /**
     * How many placeholders the node's SQL has, the same however a database reads it; 0 when that depends on the
     * database (a MariaDB {@code #} comment holding a :name, say) or the SQL does not parse.
     */
    static int placeholders(Node node, String field) {
        int count = -1;
        for (SqlConnector.Dialect d : READINGS) {
            try {
                int n = NamedSql.parse(node.configText(field, null), d).names().size();
                if (count >= 0 && n != count) {
                    return 0;
                }
                count = n;
            } catch (NamedSql.Invalid e) {
                return 0;
            }
        }
        return count;
    }

    /** The node's SQL read as the credential's database reads it. */
    static NamedSql parse(Node node, String field, SqlConnector.Dialect dialect) {
        try {
            return NamedSql.parse(node.configText(field, ""), dialect);
        } catch (NamedSql.Invalid e) {
            throw NodeFailure.config("Node '" + node.id() + "': config." + field + " " + e.getMessage());
        }
    }

    static void templates(Node node, String field, Consumer<ValidationError> problems) {
        var map = node.config().get(field);
        if (map == null || !map.isObject()) {
            return;
        }
        map.fields().forEachRemaining(e -> {
            try {
                Template.parse(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
            } catch (RuntimeException ex) {
                problems.accept(ValidationError.ofNode(node.id(), "config." + field + "." + e.getKey(),
                        "Node '" + node.id() + "': config." + field + "." + e.getKey() + " is not a valid template: " + ex.getMessage()));
            }
        });
    }

    /** On H2, statements that run code or reach files are refused when the node runs. */
    static void h2(Node node, String field, NamedSql sql) {
        try {
            NamedSql.checkH2(sql.jdbcSql());
        } catch (NamedSql.Invalid e) {
            throw NodeFailure.config("Node '" + node.id() + "': config." + field + " " + e.getMessage());
        }
    }
}
