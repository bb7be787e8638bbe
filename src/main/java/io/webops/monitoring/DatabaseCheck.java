package io.webops.monitoring;

import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * {@code database}: the runtime's own store answers. A connection is taken from the pool and validated on a thread of
 * its own, so a database that does not answer is DOWN after {@link #TIMEOUT_SECONDS} instead of holding the caller
 * for the pool's connection timeout; while that probe is still waiting, the next call says so instead of piling up.
 */
public final class DatabaseCheck extends AbstractHealthCheck {

    static final int TIMEOUT_SECONDS = 3;

    private final DataSource dataSource;
    /** One probe at a time; its thread ends when health has not been asked for a while. */
    private final ThreadPoolExecutor prober = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "webops-health-database");
                t.setDaemon(true);
                return t;
            });
    private Future<Boolean> pending;

    public DatabaseCheck(DataSource dataSource) {
        super("webops", "database");
        this.dataSource = dataSource;
        prober.allowCoreThreadTimeOut(true);
    }

    @Override
    protected synchronized void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (pending == null || pending.isDone()) {
            pending = prober.submit(this::valid);
        }
        try {
            if (pending.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                builder.up();
            } else {
                builder.down().message("The store's database refused a connection as not valid");
            }
        } catch (TimeoutException e) {
            builder.down().message("The store's database did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.down().message("Interrupted while asking the store's database");
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            builder.down().message("The store's database cannot be reached: " + cause.getMessage()).error(cause);
        }
    }

    private boolean valid() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(TIMEOUT_SECONDS);
        }
    }
}
