package io.webops.cli;

import java.util.Properties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzConstants;
import org.apache.camel.component.quartz.QuartzHelper;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Schedule triggers on a shared PostgreSQL (§8): camel-quartz on Quartz's clustered JDBC job store in the same
 * database (tables from migration {@code V2_1__quartz_tables.sql}), so each cron tick fires on exactly one
 * instance. Quartz clusters the schedulers of one name, so every instance uses {@value #NAME}; Quartz picks each
 * one's instance id.
 *
 * <p>Quartz keeps one scheduler per name and JVM: runtimes started in the same JVM (the tests start several) share
 * it, so it is created here rather than by camel-quartz (which would shut it down under the others when the first
 * runtime stops) and shut down when the last runtime using it {@linkplain #close() closes}.
 */
final class QuartzCluster implements AutoCloseable {

    static final String NAME = "webops";
    private static int users;

    private final CamelContext camel;
    private final Scheduler scheduler;

    private QuartzCluster(CamelContext camel, Scheduler scheduler) {
        this.camel = camel;
        this.scheduler = scheduler;
    }

    /** Gives the CamelContext's quartz component the clustered scheduler (before its routes start). */
    static QuartzCluster join(CamelContext camel, Settings settings) {
        synchronized (QuartzCluster.class) {
            try {
                Scheduler scheduler = new StdSchedulerFactory(properties(settings)).getScheduler();
                // what camel-quartz does for a scheduler it creates: jobs find their CamelContext by this key
                scheduler.getContext().put(contextKey(camel), camel);
                QuartzComponent quartz = camel.getComponent("quartz", QuartzComponent.class);
                quartz.setScheduler(scheduler);
                quartz.setAutoStartScheduler(false); // see startFiring
                users++;
                return new QuartzCluster(camel, scheduler);
            } catch (SchedulerException e) {
                throw new IllegalStateException("Could not start the clustered Quartz scheduler: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Starts firing, once this instance's workflows are deployed: a tick that fired before would find no route here
     * (camel-quartz then fails the job, and the tick is lost), where another instance would have run it.
     */
    void startFiring() {
        try {
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not start the clustered Quartz scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Stops taking ticks, as this instance begins to stop, so that the other instances take the next ones. A tick it
     * already holds may still fire here; the schedule trigger leaves it for whoever resumes this instance's executions.
     */
    void standby() {
        synchronized (QuartzCluster.class) {
            try {
                if (users == 1) { // runtimes in one JVM share the scheduler: only the last one stops it
                    scheduler.standby();
                }
            } catch (SchedulerException e) {
                throw new IllegalStateException("Could not pause the Quartz scheduler: " + e.getMessage(), e);
            }
        }
    }

    static Properties properties(Settings settings) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", NAME);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "10"); // Quartz's default, as on H2
        p.setProperty("org.quartz.jobStore.class", ClusterJobStore.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
        // a tick up to a minute late (its instance died holding it, a deploy or restart was under way) still fires,
        // late; older ones are misfires, and camel-quartz's cron triggers fire once now for all of them
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty("org.quartz.jobStore.dataSource", NAME);
        String ds = "org.quartz.dataSource." + NAME + ".";
        p.setProperty(ds + "provider", "hikaricp");
        p.setProperty(ds + "driver", "org.postgresql.Driver");
        p.setProperty(ds + "URL", settings.dbUrl());
        p.setProperty(ds + "user", settings.dbUser() == null ? "" : settings.dbUser());
        p.setProperty(ds + "password", settings.dbPassword() == null ? "" : settings.dbPassword());
        p.setProperty(ds + "maxConnections", "13"); // Quartz: job threads + 3 for a JobStoreTX
        return p;
    }

    private static String contextKey(CamelContext camel) {
        return QuartzConstants.QUARTZ_CAMEL_CONTEXT + "-" + QuartzHelper.getQuartzContextName(camel);
    }

    /** Call after the CamelContext has stopped. Triggers stay in the database for the other instances. */
    @Override
    public void close() {
        synchronized (QuartzCluster.class) {
            try {
                scheduler.getContext().remove(contextKey(camel));
                if (--users == 0) {
                    scheduler.shutdown(true);
                }
            } catch (SchedulerException e) {
                throw new IllegalStateException("Could not shut the Quartz scheduler down: " + e.getMessage(), e);
            }
        }
    }
}
