package io.webops.nodes.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.webops.auth.Caller;
import io.webops.credentials.ResolvedCredential;
import io.webops.credentials.Vault;
import io.webops.history.Store;
import io.webops.json.Json;
import io.webops.nodes.NodeFailure;
import io.webops.security.SecretBox;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the drivers' errors become node failures, for the errors no test database raises here:
 * SQL Server's (no server in the tests; SQLStates and error numbers as mssql-jdbc reports them)
 * and MariaDB's deadlock. The other dialects' failures run for real in DatabaseNodesTest.
 */
class SqlFailuresTest {

    private static Store store;
    private static ResolvedCredential credential;

    @BeforeAll
    static void open() {
        store = Store.inMemory();
        Vault vault = new Vault(store.dataSource(), new SecretBox(new byte[32]));
        String id = vault.create(Caller.SYSTEM, Json.parse("""
                {"name": "mssql", "kind": "database", "fields": {"jdbc_url": "jdbc:sqlserver://db.example.com;databaseName=sales",
                 "username": "sa", "password": "mssql-secret-pw"}}""")).id();
        credential = vault.resolve(id, "database");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void aSqlServerLoginFailureSaysToCheckTheCredentialAndIsNotRetried() {
        NodeFailure f = SqlConnector.failure("q", credential,
                new SQLException("Login failed for user 'sa'. mssql-secret-pw", "S0001", 18456));

        assertThat(f.isTransient()).isFalse();
        assertThat(f.getMessage()).contains("Node 'q'").contains("refused the login").contains("check the credential's username and password")
                .doesNotContain("mssql-secret-pw");
    }

    @Test
    void aSqlServerConnectionFailureIsTransient() {
        NodeFailure f = SqlConnector.failure("q", credential, new SQLException(
                "The TCP/IP connection to the host db.example.com, port 1433 has failed.", "08S01", 0));

        assertThat(f.isTransient()).isTrue();
        assertThat(f.kind()).isEqualTo("DatabaseUnavailable");
        assertThat(f.getMessage()).contains("cannot reach the database of credential");
    }

    @Test
    void aSqlServerQueryTimeoutIsATimeout() {
        NodeFailure f = SqlConnector.failure("q", credential, new SQLTimeoutException("The query has timed out.", "HY008", 0));

        assertThat(f.kind()).isEqualTo("Timeout");
        assertThat(f.getMessage()).contains("ran past the node's timeout and was cancelled");
    }

    @Test
    void deadlocksAreRetriedAndOtherErrorsAreNot() {
        NodeFailure sqlServer = SqlConnector.failure("q", credential, new SQLException(
                "Transaction (Process ID 52) was deadlocked on lock resources with another process", "40001", 1205));
        NodeFailure mariadb = SqlConnector.failure("q", credential, new SQLException(
                "Deadlock found when trying to get lock; try restarting transaction", "40001", 1213));
        NodeFailure syntax = SqlConnector.failure("q", credential, new SQLException("Incorrect syntax near 'frm'.", "S0001", 102));

        assertThat(sqlServer.isTransient()).isTrue();
        assertThat(mariadb.isTransient()).isTrue();
        assertThat(syntax.isTransient()).isFalse();
        assertThat(syntax.getMessage()).contains("the database answered: Incorrect syntax").contains("check the SQL");
    }
}
