package io.webops.nodes.sql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The statement {@code database_write} runs for a table, in the credential's dialect, and the
 * columns whose values fill its {@code ?} placeholders, in order. Names are validated plain SQL
 * names before they get here; they are quoted so keywords work too. H2 and PostgreSQL fold them as
 * they fold unquoted names; MariaDB and SQL Server keep them as written (their quotes change no
 * case rule). Upsert is {@code MERGE INTO ... KEY} on H2, {@code INSERT ... ON CONFLICT} on
 * PostgreSQL, {@code INSERT ... ON DUPLICATE KEY UPDATE} on MariaDB/MySQL (which matches on any of
 * the table's primary or unique keys) and {@code MERGE ... WITH (HOLDLOCK)} on SQL Server.
 */
record WriteSql(String sql, List<String> order) {

    /**
     * @param upperCaseNames whether the database folds unquoted names to upper case (H2)
     * @param mode           insert, update (some columns must not be keys) or upsert
     */
    static WriteSql of(SqlConnector.Dialect dialect, boolean upperCaseNames, String table, String mode, List<String> columns,
                       List<String> keys) {
        UnaryOperator<String> q = quoting(dialect, upperCaseNames);
        String t = String.join(".", Arrays.stream(table.split("\\.")).map(q).toList());
        List<String> rest = columns.stream().filter(c -> !keys.contains(c)).toList();
        String cols = list(columns, q, "");
        String marks = String.join(", ", columns.stream().map(c -> "?").toList());
        String insert = "INSERT INTO " + t + " (" + cols + ") VALUES (" + marks + ")";
        if ("update".equals(mode)) {
            List<String> order = new ArrayList<>(rest);
            order.addAll(keys);
            return new WriteSql("UPDATE " + t + " SET " + list(rest, q, " = ?") + " WHERE "
                    + String.join(" AND ", keys.stream().map(c -> q.apply(c) + " = ?").toList()), order);
        }
        if (!"upsert".equals(mode)) {
            return new WriteSql(insert, columns);
        }
        String keyList = list(keys, q, "");
        return new WriteSql(switch (dialect) {
            case H2 -> "MERGE INTO " + t + " (" + cols + ") KEY (" + keyList + ") VALUES (" + marks + ")";
            case POSTGRESQL -> insert + " ON CONFLICT (" + keyList + ") " + (rest.isEmpty() ? "DO NOTHING"
                    : "DO UPDATE SET " + String.join(", ", rest.stream().map(c -> q.apply(c) + " = EXCLUDED." + q.apply(c)).toList()));
            // VALUES(c) rather than MySQL 8's row alias, which MariaDB does not know; a key-only row updates nothing
            case MARIADB -> insert + " ON DUPLICATE KEY UPDATE " + (rest.isEmpty() ? q.apply(keys.get(0)) + " = " + q.apply(keys.get(0))
                    : String.join(", ", rest.stream().map(c -> q.apply(c) + " = VALUES(" + q.apply(c) + ")").toList()));
            case SQLSERVER -> merge(t, columns, keys, rest, q);
        }, columns);
    }

    /** SQL Server's upsert; HOLDLOCK, as without it two concurrent MERGEs of a new key may both insert. */
    private static String merge(String table, List<String> columns, List<String> keys, List<String> rest, UnaryOperator<String> q) {
        UnaryOperator<String> target = c -> "[target]." + q.apply(c);
        UnaryOperator<String> source = c -> "[source]." + q.apply(c);
        return "MERGE INTO " + table + " WITH (HOLDLOCK) AS [target] USING (VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")) AS [source] (" + list(columns, q, "") + ")"
                + " ON " + String.join(" AND ", keys.stream().map(c -> target.apply(c) + " = " + source.apply(c)).toList())
                + (rest.isEmpty() ? "" : " WHEN MATCHED THEN UPDATE SET "
                        + String.join(", ", rest.stream().map(c -> target.apply(c) + " = " + source.apply(c)).toList()))
                + " WHEN NOT MATCHED THEN INSERT (" + list(columns, q, "") + ") VALUES ("
                + String.join(", ", columns.stream().map(source).toList()) + ");";
    }

    private static String list(List<String> names, UnaryOperator<String> quote, String suffix) {
        return String.join(", ", names.stream().map(c -> quote.apply(c) + suffix).toList());
    }

    private static UnaryOperator<String> quoting(SqlConnector.Dialect dialect, boolean upperCaseNames) {
        return switch (dialect) {
            case MARIADB -> name -> "`" + name + "`";
            case SQLSERVER -> name -> "[" + name + "]";
            default -> name -> "\"" + (upperCaseNames ? name.toUpperCase(Locale.ROOT) : name.toLowerCase(Locale.ROOT)) + "\"";
        };
    }
}
