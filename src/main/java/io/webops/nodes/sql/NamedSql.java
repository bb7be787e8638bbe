package io.webops.nodes.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A user's SQL with {@code :name} parameters, rewritten to JDBC {@code ?} placeholders and the
 * list of names in order, so values are always bound, never spliced into the text. String
 * literals, quoted identifiers, comments, PostgreSQL {@code ::} casts and dollar-quoted bodies are
 * left alone. camel-sql would evaluate {@code :#name}, {@code :?name} and {@code ${...}} in the
 * text it gets (headers, simple language), so SQL holding those character sequences anywhere,
 * even inside a literal, is refused, as is a bare {@code ?}. MariaDB and MySQL read their text
 * their own way (backslash escapes in quotes, {@code `name`} identifiers, {@code #} comments, no
 * dollar quotes), as does SQL Server ({@code [name]} identifiers, no dollar quotes), so their
 * statements are parsed that way.
 */
record NamedSql(String jdbcSql, List<String> names) {

    /** H2 statements and functions that run code or touch files on the runtime's host. */
    private static final Set<String> H2_HOST_ACCESS = Set.of("ALIAS", "RUNSCRIPT", "SCRIPT", "CSVREAD", "CSVWRITE",
            "FILE_READ", "FILE_WRITE", "LINK_SCHEMA", "LINKED", "TRIGGER", "BACKUP", "JAVA_OBJECT", "LOAD");

    /** Thrown with a message that says what is wrong with the SQL and what to write instead. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** The SQL read as PostgreSQL and H2 read it. */
    static NamedSql parse(String sql) {
        return parse(sql, SqlConnector.Dialect.POSTGRESQL);
    }

    static NamedSql parse(String sql, SqlConnector.Dialect dialect) {
        boolean mysql = dialect == SqlConnector.Dialect.MARIADB;
        boolean brackets = dialect == SqlConnector.Dialect.SQLSERVER;
        if (sql == null || sql.isBlank()) {
            throw new Invalid("is empty; write the SQL statement to run");
        }
        for (String s : List.of(":#", ":?", "${", "$simple{")) {
            if (sql.contains(s)) {
                throw new Invalid("contains '" + s + "', which is not allowed anywhere in the SQL (Camel would evaluate it);"
                        + " write parameters as :name and give their values in parameters");
            }
        }
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'' || c == '"' || mysql && c == '`') {
                end = closing(sql, i, c, mysql && c != '`');
            } else if (brackets && c == '[') {
                end = closing(sql, i, ']', false);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || mysql && c == '#') {
                end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new Invalid("has a comment that is not closed (missing */)");
                }
                end += 2;
            } else if (!mysql && !brackets && c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                end = sql.indexOf(tag, i + tag.length());
                if (end < 0) {
                    throw new Invalid("has a " + tag + " quoted text that is not closed");
                }
                end += tag.length();
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                end = i + 2;
            } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(sql.charAt(i + 1)) && sql.charAt(i + 1) != '$') {
                int k = i + 1;
                while (k < n && (Character.isLetterOrDigit(sql.charAt(k)) || sql.charAt(k) == '_')) {
                    k++;
                }
                names.add(sql.substring(i + 1, k));
                out.append('?');
                i = k;
                continue;
            } else if (c == '?') {
                throw new Invalid("has a '?' placeholder; write parameters as :name and give their values in parameters");
            } else {
                end = i + 1;
            }
            out.append(sql, i, end);
            i = end;
        }
        return new NamedSql(out.toString(), List.copyOf(names));
    }

    /**
     * Refuses, for H2, the statements and functions that run Java code or read and write files on
     * the runtime's host; outside literals and comments, quoted or not.
     */
    static void checkH2(String sql) {
        for (String word : words(sql)) {
            if (H2_HOST_ACCESS.contains(word.toUpperCase(Locale.ROOT))) {
                throw new Invalid("uses " + word.toUpperCase(Locale.ROOT) + ", which runs code or reaches files on the"
                        + " runtime's host and is refused on H2; use plain queries and data changes");
            }
        }
    }

    /** The identifiers and keywords of the SQL, outside string literals and comments. */
    private static List<String> words(String sql) {
        List<String> words = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = closing(sql, i, c, false);
            } else if (c == '"') {
                int end = closing(sql, i, c, false);
                words.add(sql.substring(i + 1, Math.max(i + 1, end - 1)).replace("\"\"", "\""));
                i = end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (Character.isLetter(c) || c == '_') {
                int k = i;
                while (k < n && (Character.isLetterOrDigit(sql.charAt(k)) || sql.charAt(k) == '_')) {
                    k++;
                }
                words.add(sql.substring(i, k));
                i = k;
            } else {
                i++;
            }
        }
        return words;
    }

    /**
     * Index after the quote closing the one at {@code start} (a doubled quote is part of the text,
     * and with {@code backslash} so is the character after a backslash).
     */
    private static int closing(String sql, int start, char quote, boolean backslash) {
        int k = start + 1;
        while (k < sql.length()) {
            if (backslash && sql.charAt(k) == '\\') {
                k += 2;
                continue;
            }
            if (sql.charAt(k) == quote) {
                if (k + 1 < sql.length() && sql.charAt(k + 1) == quote) {
                    k += 2;
                    continue;
                }
                return k + 1;
            }
            k++;
        }
        throw new Invalid("has a " + (quote == '\'' ? "string" : "quoted name") + " that is not closed (missing " + quote + ")");
    }

    /** The PostgreSQL dollar-quote tag starting at {@code i} ({@code $$} or {@code $tag$}), or null. */
    private static String dollarTag(String sql, int i) {
        int k = i + 1;
        while (k < sql.length() && (Character.isLetterOrDigit(sql.charAt(k)) || sql.charAt(k) == '_')) {
            k++;
        }
        if (k < sql.length() && sql.charAt(k) == '$' && (k == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return sql.substring(i, k + 1);
        }
        return null;
    }
}
