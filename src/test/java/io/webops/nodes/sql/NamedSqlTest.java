package io.webops.nodes.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How :name parameters become JDBC placeholders, and what SQL is refused. */
class NamedSqlTest {

    @Test
    void namedParametersBecomePlaceholdersInOrderWithRepeatsKept() {
        NamedSql sql = NamedSql.parse("select * from t where a = :a and (b = :b_2 or a = :a)");
        assertThat(sql.jdbcSql()).isEqualTo("select * from t where a = ? and (b = ? or a = ?)");
        assertThat(sql.names()).containsExactly("a", "b_2", "a");
    }

    @Test
    void literalsCommentsCastsAndDollarQuotesAreLeftAlone() {
        String text = "select ':x', \"odd:name\", v::text, $$ :y $$, $t$ :z $t$ -- :c\n /* :d */ from t where k = :k";
        NamedSql sql = NamedSql.parse(text);
        assertThat(sql.names()).isEqualTo(List.of("k"));
        assertThat(sql.jdbcSql()).isEqualTo(text.replace(":k", "?"));
    }

    @Test
    void mariadbSqlIsReadWithBackslashEscapesBacktickNamesAndHashComments() {
        String text = "select 'it\\'s :x', \"a\\\" :y\", `odd:name`, `back``tick :z?` # :c\n from t$x$ where k = :k";
        NamedSql sql = NamedSql.parse(text, SqlConnector.Dialect.MARIADB);

        assertThat(sql.names()).containsExactly("k");
        assertThat(sql.jdbcSql()).isEqualTo(text.replace(":k", "?"));
        assertThatThrownBy(() -> NamedSql.parse(text)).isInstanceOf(NamedSql.Invalid.class);
    }

    @Test
    void mariadbSqlStillRefusesWhatCamelWouldEvaluateAndBarePlaceholders() {
        for (String s : List.of("select `:#x`", "select 'a\\' ${body}'", "select 1 # :?x", "select '$simple{body}'")) {
            assertThatThrownBy(() -> NamedSql.parse(s, SqlConnector.Dialect.MARIADB)).as(s).isInstanceOf(NamedSql.Invalid.class).hasMessageContaining("not allowed");
        }
        assertThatThrownBy(() -> NamedSql.parse("select 'a\\'' ?", SqlConnector.Dialect.MARIADB)).hasMessageContaining("write parameters as :name");
        assertThatThrownBy(() -> NamedSql.parse("select 'a\\'", SqlConnector.Dialect.MARIADB)).hasMessageContaining("not closed");
    }

    @Test
    void sqlServerSqlIsReadWithBracketNames() {
        String text = "select [odd:name], [a]]b :x], [q?], a$b$ from t where k = :k -- :c";
        NamedSql sql = NamedSql.parse(text, SqlConnector.Dialect.SQLSERVER);

        assertThat(sql.names()).containsExactly("k");
        assertThat(sql.jdbcSql()).isEqualTo(text.replace(":k", "?"));
        assertThatThrownBy(() -> NamedSql.parse(text)).isInstanceOf(NamedSql.Invalid.class);
        assertThatThrownBy(() -> NamedSql.parse("select [open", SqlConnector.Dialect.SQLSERVER)).hasMessageContaining("missing ]");
        assertThatThrownBy(() -> NamedSql.parse("select [${body}]", SqlConnector.Dialect.SQLSERVER)).hasMessageContaining("not allowed");
    }

    @Test
    void refusesWhatCamelWouldEvaluateEvenInsideLiterals() {
        for (String s : List.of("select ':#${header.x}'", "select :#name", "select ${body}", "select '$simple{body}'", "select :?x")) {
            assertThatThrownBy(() -> NamedSql.parse(s)).as(s).isInstanceOf(NamedSql.Invalid.class).hasMessageContaining("not allowed");
        }
    }

    @Test
    void refusesBarePlaceholdersAndUnclosedText() {
        assertThatThrownBy(() -> NamedSql.parse("select * from t where a = ?")).hasMessageContaining("write parameters as :name");
        assertThatThrownBy(() -> NamedSql.parse("select 'open")).hasMessageContaining("not closed");
        assertThatThrownBy(() -> NamedSql.parse(" ")).hasMessageContaining("empty");
    }

    @Test
    void onH2StatementsThatRunCodeOrReachFilesAreRefusedQuotedOrNot() {
        for (String s : List.of("CREATE ALIAS X AS 'x'", "select * from \"CSVREAD\"('/etc/passwd')", "runscript from 'x'",
                "CREATE TRIGGER t BEFORE INSERT ON x CALL 'C'", "SCRIPT TO '/tmp/dump.sql'")) {
            assertThatThrownBy(() -> NamedSql.checkH2(s)).as(s).hasMessageContaining("refused on H2");
        }
        NamedSql.checkH2("select 'CREATE ALIAS' as text, alias_name from t -- RUNSCRIPT");
    }
}
