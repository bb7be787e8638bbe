package io.webops.nodes.sql;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The DataSource a SQL node's route names (bean {@code <route id>.dataSource}): each connection comes from the pool of
 * the node's credential as the credential is when the connection is asked for, so a changed credential is used from the
 * next statement on, and neither its URL nor its secrets appear in the route. Resolving the credential checks that the
 * workflow may use it and its JDBC URL against the policy ({@link JdbcUrlPolicy}); a refusal is the node's
 * {@link io.webops.nodes.NodeFailure}.
 */
final class CredentialDataSource implements DataSource {

    private final Supplier<SqlConnector.Pool> pool;

    CredentialDataSource(Supplier<SqlConnector.Pool> pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.get().connection();
    }

    /** The credential says who connects; a caller cannot. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("A SQL node connects as its credential says");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
