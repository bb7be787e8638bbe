package io.webops.nodes.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.webops.credentials.ResolvedCredential;
import io.webops.model.Node;
import io.webops.nodes.CamelStep;
import io.webops.nodes.CredentialRef;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import io.webops.nodes.NodeServices;
import io.webops.nodes.Send;
import io.webops.nodes.Steps;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;

/**
 * The SQL node types' side of camel-sql: one pooled DataSource (HikariCP) per credential, created on first use, bound in
 * the Camel registry under a generated name, replaced when the credential changes, closed when Camel stops; and what a
 * node's route needs to send its statement through the {@code webops-sql-action} Kamelet. The route's endpoint options
 * are names and numbers only: the node's DataSource bean ({@link CredentialDataSource}, which finds the credential's pool
 * when camel-sql asks for a connection), its row mapper, timeout, row limit, placeholder count and batch flag. The SQL
 * travels in the {@code CamelSqlQuery} header with {@code ?} placeholders only, the values in the body.
 */
final class SqlConnector implements Service {

    static final String KAMELET = "webops-sql-action";
    /** Purposes of the node beans the route refers to ({@code <route id>.<purpose>}). */
    static final String DATA_SOURCE = "dataSource";
    static final String ROW_MAPPER = "rowMapper";

    private static final String BEAN = "webops.sqlConnector";
    private static final AtomicInteger POOLS = new AtomicInteger();

    /** The databases a credential may name, told apart by the JDBC URL's scheme ({@link JdbcUrlPolicy}). */
    enum Dialect {
        H2, POSTGRESQL, MARIADB, SQLSERVER;

        static Dialect of(String url) {
            if (url.startsWith("jdbc:h2:")) {
                return H2;
            }
            if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
                return MARIADB;
            }
            return url.startsWith("jdbc:sqlserver:") ? SQLSERVER : POSTGRESQL;
        }
    }

    /**
     * MariaDB driver settings the URL may not change (it may not name them at all): no file of
     * this host is sent when a server asks for one (the rogue-server LOAD DATA LOCAL INFILE read), the
     * driver follows no server redirect to another host, and only password plugins run (not GSSAPI
     * with this host's Kerberos ticket, PAM or clear-text password).
     */
    static final Map<String, String> MARIADB_FORCED = Map.of("allowLocalInfile", "false", "permitRedirect", "false",
            "restrictedAuth", "mysql_native_password,client_ed25519,caching_sha2_password,parsec");

    /** One credential's pool. */
    static final class Pool {
        final Dialect dialect;
        private final String fingerprint;
        private final HikariDataSource dataSource;
        private final String bean;
        private volatile Boolean upperCaseNames;

        private Pool(Dialect dialect, String fingerprint, HikariDataSource dataSource, String bean) {
            this.dialect = dialect;
            this.fingerprint = fingerprint;
            this.dataSource = dataSource;
            this.bean = bean;
        }

        Connection connection() throws SQLException {
            return dataSource.getConnection();
        }

        /** Whether the database folds unquoted names to upper case (H2) rather than lower (PostgreSQL). */
        boolean upperCaseNames() throws SQLException {
            if (upperCaseNames == null) {
                try (Connection c = dataSource.getConnection()) {
                    upperCaseNames = c.getMetaData().storesUpperCaseIdentifiers();
                }
            }
            return upperCaseNames;
        }

        /**
         * Whether the table lacks a primary or unique key on exactly these columns (compared as
         * unquoted names, case-insensitively); false for a table that does not exist, whose
         * statement then fails with the database's own message.
         */
        boolean lacksUniqueKey(String table, List<String> columns) throws SQLException {
            int dot = table.indexOf('.');
            String name = table.substring(dot + 1);
            Set<String> wanted = new HashSet<>(columns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList());
            try (Connection c = dataSource.getConnection()) {
                String catalog = dot < 0 ? c.getCatalog() : table.substring(0, dot);
                DatabaseMetaData meta = c.getMetaData();
                try (ResultSet tables = meta.getTables(catalog, null, name, null)) {
                    if (!tables.next()) {
                        return false;
                    }
                }
                Map<String, Set<String>> keys = new HashMap<>();
                try (ResultSet rs = meta.getIndexInfo(catalog, null, name, true, false)) {
                    while (rs.next()) {
                        if (rs.getString("COLUMN_NAME") != null) {
                            keys.computeIfAbsent(rs.getString("INDEX_NAME"), k -> new HashSet<>())
                                    .add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                }
                return !keys.containsValue(wanted);
            }
        }
    }

    /** A statement a SQL node's run prepared for its route; the credential names and scrubs its failures. */
    interface Statement extends Send {
        ResolvedCredential credential();
    }

    private final CamelContext camel;
    private final JdbcUrlPolicy policy;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();

    private SqlConnector(CamelContext camel, JdbcUrlPolicy policy) {
        this.camel = camel;
        this.policy = policy;
    }

    /** The connector of the services' CamelContext, made and registered on first use. */
    static SqlConnector of(NodeServices services) {
        CamelContext camel = services.camel();
        synchronized (camel) {
            SqlConnector c = camel.getRegistry().lookupByNameAndType(BEAN, SqlConnector.class);
            if (c == null) {
                c = new SqlConnector(camel, new JdbcUrlPolicy(services.dataDir(), services.storeJdbcUrl()));
                camel.getRegistry().bind(BEAN, c);
                try {
                    camel.addService(c, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return c;
        }
    }

    /** The pool of a database credential, after its JDBC URL has passed the policy. */
    Pool pool(String nodeId, ResolvedCredential credential) {
        String url = credential.text("jdbc_url");
        policy.problem(url).ifPresent(p -> {
            throw NodeFailure.config("Node '" + nodeId + "': credential '" + credential.id() + "': " + p);
        });
        String fingerprint = fingerprint(url, credential.text("username", ""), credential.text("password", ""));
        synchronized (pools) {
            Pool current = pools.get(credential.id());
            if (current != null && current.fingerprint.equals(fingerprint)) {
                return current;
            }
            if (current != null) {
                camel.getRegistry().unbind(current.bean);
                current.dataSource.close();
            }
            Pool fresh = open(url, credential, fingerprint);
            pools.put(credential.id(), fresh);
            return fresh;
        }
    }

    private Pool open(String url, ResolvedCredential credential, String fingerprint) {
        Dialect dialect = Dialect.of(url);
        String bean = "webopsSqlDataSource" + POOLS.incrementAndGet();
        HikariConfig config = new HikariConfig();
        // MySQL URLs are opened by the MariaDB driver, the only MySQL-protocol driver on the class path
        config.setJdbcUrl(url.startsWith("jdbc:mysql:") ? "jdbc:mariadb:" + url.substring("jdbc:mysql:".length()) : url);
        config.setUsername(credential.text("username"));
        config.setPassword(credential.text("password"));
        config.setPoolName(bean);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(0);
        config.setIdleTimeout(60_000);
        config.setConnectionTimeout(5_000);
        // a database that is down when the pool is made is a node failure at run time, not here
        config.setInitializationFailTimeout(-1);
        if (dialect == Dialect.POSTGRESQL && !url.contains("stringtype=")) {
            // text values reach timestamp, json and numeric columns as PostgreSQL infers them
            config.addDataSourceProperty("stringtype", "unspecified");
        }
        if (dialect == Dialect.MARIADB) {
            MARIADB_FORCED.forEach(config::addDataSourceProperty);
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        // for the operator's view of the registry (dev console, JMX); routes reach it through their nodes' DataSources
        camel.getRegistry().bind(bean, dataSource);
        return new Pool(dialect, fingerprint, dataSource, bean);
    }

    /**
     * The beans a SQL node's route refers to: its DataSource, which opens connections on the pool of the node's credential
     * as it is when they are asked for, and the row mapper that makes each row a JSON object.
     */
    static Map<String, Object> camelBeans(Node node, NodeServices services) {
        SqlConnector connector = of(services);
        String credentialId = CredentialRef.idOf(node);
        return Map.of(DATA_SOURCE, new CredentialDataSource(() -> connector.pool(node.id(), services.credential(credentialId, "database"))),
                ROW_MAPPER, new JsonRowMapperFactory());
    }

    /**
     * The step that sends the node's statement: {@code to: kamelet:webops-sql-action}, batch or not, cancelling it after
     * the node's timeout and reading at most {@code maxRows} rows (0: no limit). {@code placeholders} is how many
     * {@code ?} the statement has (0: unknown until it runs, camel-sql then asks the driver). The Kamelet's route is named
     * after the node so that it goes with the workflow's routes. noErrorHandler: a failure goes back to the node's route,
     * whose error handling retries the send (Camel's redelivery) or hands it to the node's error handle.
     */
    static Map<String, Object> endpoint(CamelStep step, boolean batch, int maxRows, int placeholders) {
        return Steps.map("to", Steps.map(
                "uri", "kamelet:" + KAMELET + "/" + step.bean("sql"),
                "parameters", Steps.map(
                        "noErrorHandler", true,
                        DATA_SOURCE, step.bean(DATA_SOURCE),
                        "rowMapperFactory", step.bean(ROW_MAPPER),
                        "queryTimeout", step.node().timeoutSeconds(),
                        "maxRows", maxRows,
                        "parametersCount", placeholders,
                        "batch", batch)));
    }

    /**
     * A failure of a SQL node's steps as the node reports it: a {@link NodeFailure} as it is (the run's, or the
     * DataSource's about the credential), a failure of the statement its run prepared by {@link #failure(String,
     * ResolvedCredential, Throwable)}, anything else as it is.
     */
    static Throwable failure(Node node, NodeResult ran, Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NodeFailure f) {
                return f;
            }
        }
        return ran != null && ran.attachment() instanceof Statement s ? failure(node.id(), s.credential(), t) : t;
    }

    /**
     * A clear failure: connection problems (SQLState class 08, refused connections, pool timeouts)
     * and serialization failures or deadlocks are transient; authentication and SQL errors are not.
     */
    static NodeFailure failure(String nodeId, ResolvedCredential credential, Throwable t) {
        SQLException sql = null;
        boolean connection = false;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException s && sql == null) {
                sql = s;
            }
            // SQL Server answers a refused login with error 18456 and no class 28 state
            if (c instanceof SQLException s && (s.getSQLState() != null && s.getSQLState().startsWith("28") || s.getErrorCode() == 18456)) {
                return new NodeFailure("DatabaseError", "Node '" + nodeId + "': the database refused the login of credential '"
                        + credential.id() + "': " + credential.scrub(s.getMessage())
                        + "; check the credential's username and password", false);
            }
            if (c instanceof ConnectException || c instanceof java.net.UnknownHostException
                    || c instanceof SQLException s && (s.getSQLState() != null && s.getSQLState().startsWith("08"))) {
                connection = true;
            }
        }
        String detail = credential.scrub(sql != null ? sql.getMessage() : String.valueOf(t.getMessage()));
        if (sql instanceof java.sql.SQLTimeoutException || "57014".equals(sql == null ? null : sql.getSQLState())) {
            return new NodeFailure("Timeout", "Node '" + nodeId + "': the statement ran past the node's timeout and was cancelled: "
                    + detail + "; raise timeout_seconds or make the query cheaper", true);
        }
        if (connection || sql instanceof SQLTransientException) {
            return new NodeFailure("DatabaseUnavailable", "Node '" + nodeId + "': cannot reach the database of credential '"
                    + credential.id() + "': " + detail + "; check that it is running and the credential's jdbc_url", true);
        }
        String state = sql == null ? null : sql.getSQLState();
        if ("42P10".equals(state)) {
            return new NodeFailure("DatabaseError", "Node '" + nodeId + "': the database answered: " + detail
                    + "; the columns of config.key must be the table's primary key or have a unique constraint", false);
        }
        boolean retry = "40001".equals(state) || "40P01".equals(state) || state != null && state.startsWith("57P0");
        return new NodeFailure("DatabaseError", "Node '" + nodeId + "': the database answered: " + detail
                + (retry ? "" : "; check the SQL and the values bound to it"), retry);
    }

    private static String fingerprint(String... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                d.update(p.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        synchronized (pools) {
            pools.values().forEach(p -> p.dataSource.close());
            pools.clear();
        }
    }
}
