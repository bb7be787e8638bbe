package io.webops.history;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Persistent store of workflows and execution history: embedded H2 by default, PostgreSQL in production.
 * Opening creates a HikariCP pool and migrates the schema with Flyway (locations {@code db/migration/common} plus
 * {@code db/migration/h2} or {@code db/migration/postgresql}). {@link #close()} drains the history writer, then
 * closes the pool. Thread-safe.
 */
public final class Store implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    private static final long CLOSE_DRAIN_MILLIS = 30_000;

    private final HikariDataSource dataSource;
    private final boolean dropInMemory;
    private final HistoryWriter writer;
    private final Executions executions;
    private final Workflows workflows;
    private final WorkflowVersions workflowVersions;
    private final Users users;
    private final Sessions sessions;
    private final ApiTokens apiTokens;
    private final Shares shares;
    private final AuditLog audit;
    private final AgentOwners agentOwners;
    private final WebhookReplays webhookReplays;
    private final StateStore state;
    private final TemplateStore templates;
    private final Instances instances;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Store(HikariDataSource dataSource, Dialect dialect, String instanceId, boolean dropInMemory) {
        this.dataSource = dataSource;
        this.dropInMemory = dropInMemory;
        this.writer = new HistoryWriter(dataSource, dialect, instanceId, HistoryWriter.DEFAULT_MAX_BACKLOG);
        this.executions = new Executions(dataSource, writer, instanceId);
        this.instances = new Instances(dataSource, executions, instanceId);
        this.workflows = new Workflows(dataSource, executions);
        Sql sql = new Sql(dataSource);
        this.workflowVersions = new WorkflowVersions(sql);
        this.users = new Users(sql);
        this.sessions = new Sessions(sql);
        this.apiTokens = new ApiTokens(sql);
        this.shares = new Shares(sql);
        this.audit = new AuditLog(sql);
        this.agentOwners = new AgentOwners(sql);
        this.webhookReplays = new WebhookReplays(sql);
        this.state = new StateStore(sql);
        this.templates = new TemplateStore(sql);
    }

    /**
     * Opens a store on any {@code jdbc:h2:} or {@code jdbc:postgresql:} URL and migrates its schema.
     * {@code instanceId} names the runtime instance that uses it: its executions are stored with it, and
     * {@link Executions#endInterrupted()} ends only those (several instances may share one database).
     */
    public static Store open(String jdbcUrl, String user, String password, String instanceId) {
        return open(jdbcUrl, user, password, instanceId, false);
    }

    /**
     * Embedded H2 database {@code <dataDir>/webops.mv.db} (MVStore, row-level locking). Options:
     * {@code AUTO_SERVER=FALSE} (this process owns the file), {@code DB_CLOSE_ON_EXIT=FALSE} (H2's own shutdown hook
     * must not close the database before {@link #close()} has drained the history writer),
     * {@code LOCK_TIMEOUT=10000} (a row lock held by a concurrent transaction, e.g. the statistics increment, is
     * waited for up to 10 s instead of H2's default 1 s).
     */
    public static Store openH2(Path dataDir, String instanceId) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("webops")
                + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
        return open(url, "sa", "", instanceId, false); // closing the pool's last connection closes the file database
    }

    /** A private in-memory H2 database (unique name per call, one instance), dropped on {@link #close()}. */
    public static Store inMemory() {
        String name = "webops-" + UUID.randomUUID();
        return open("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000", "sa", "", name, true);
    }

    private static Store open(String jdbcUrl, String user, String password, String instanceId, boolean dropInMemory) {
        Objects.requireNonNull(instanceId, "instanceId");
        Dialect dialect = Dialect.forUrl(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("webops-history");
        config.setMaximumPoolSize(dialect.defaultPoolSize());
        config.setMinimumIdle(2);
        dialect.configure(config);
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            List<String> locations = new ArrayList<>(List.of("classpath:db/migration/common"));
            String dialectFolder = "db/migration/" + dialect.name();
            if (Store.class.getClassLoader().getResource(dialectFolder) != null) {
                locations.add("classpath:" + dialectFolder);
            }
            Flyway.configure(Store.class.getClassLoader())
                    .dataSource(dataSource)
                    .locations(locations.toArray(String[]::new))
                    .load()
                    .migrate();
            return new Store(dataSource, dialect, instanceId, dropInMemory);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The product's own database, for the store's other tables (credentials, accounts, agents…); never for user SQL. */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /** The JDBC URL of this store, so that user workflows can be kept away from it. */
    public String jdbcUrl() {
        return dataSource.getJdbcUrl();
    }

    public Workflows workflows() {
        return workflows;
    }

    /** Every saved version of every workflow (written by {@link Workflows}' saves). */
    public WorkflowVersions workflowVersions() {
        return workflowVersions;
    }

    public Executions executions() {
        return executions;
    }

    /** The heartbeats of the instances sharing this database. */
    public Instances instances() {
        return instances;
    }

    public Users users() {
        return users;
    }

    public Sessions sessions() {
        return sessions;
    }

    public ApiTokens apiTokens() {
        return apiTokens;
    }

    public Shares shares() {
        return shares;
    }

    public AuditLog audit() {
        return audit;
    }

    public AgentOwners agentOwners() {
        return agentOwners;
    }

    public WebhookReplays webhookReplays() {
        return webhookReplays;
    }

    /** The key-value state workflows keep between runs (the state node). */
    public StateStore state() {
        return state;
    }

    public TemplateStore templates() {
        return templates;
    }

    /** Drains the history writer (at most 30 s), then closes the pool (and drops an in-memory database). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.close(CLOSE_DRAIN_MILLIS);
        } finally {
            dataSource.close();
        }
        if (dropInMemory) {
            // DB_CLOSE_DELAY=-1 keeps the in-memory database alive without connections: drop it explicitly
            try (Connection c = DriverManager.getConnection(dataSource.getJdbcUrl(), dataSource.getUsername(),
                    dataSource.getPassword()); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                LOG.warn("dropping in-memory H2 database failed: {}", e.toString());
            }
        }
    }
}
