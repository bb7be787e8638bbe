package io.webops.cli;

import io.webops.history.WorkflowState;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzConstants;
import org.apache.camel.component.quartz.QuartzHelper;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz scheduler of the schedule triggers, on Quartz's JDBC job store in the product's own database (tables
 * from the migrations {@code V2_1__quartz_tables.sql} on PostgreSQL, {@code V18__quartz_tables.sql} on H2), so a
 * schedule's next tick survives a restart and a tick that fell while the instance was down fires late (see the
 * README's policy). On PostgreSQL the store is clustered: every instance uses the scheduler name {@value #CLUSTER},
 * and each tick fires on one of them. On H2 (one instance) the name is this instance's own.
 *
 * <p>Quartz keeps one scheduler per name and JVM: runtimes started in the same JVM on one database (the tests start
 * several) share it, so it is created here rather than by camel-quartz (which would shut it down under the others
 * when the first runtime stops) and shut down when the last runtime using it {@linkplain #close() closes}.
 */
final class Schedules implements AutoCloseable {

    static final String CLUSTER = "webops";
    /** camel-quartz's trigger group for {@code quartz:webops/<workflow id>}. */
    private static final String GROUP = "webops";
    private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
    private static final Map<String, Integer> USERS = new HashMap<>();

    private final CamelContext camel;
    private final Scheduler scheduler;

    private Schedules(CamelContext camel, Scheduler scheduler) {
        this.camel = camel;
        this.scheduler = scheduler;
    }

    /** Gives the CamelContext's quartz component the scheduler (before its routes start); it fires from {@link #startFiring}. */
    static Schedules join(CamelContext camel, String jdbcUrl, String user, String password, String instanceId) {
        Properties properties = properties(jdbcUrl, user, password, instanceId);
        synchronized (Schedules.class) {
            try {
                Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
                // what camel-quartz does for a scheduler it creates: jobs find their CamelContext by this key
                scheduler.getContext().put(contextKey(camel), camel);
                QuartzComponent quartz = camel.getComponent("quartz", QuartzComponent.class);
                quartz.setScheduler(scheduler);
                quartz.setAutoStartScheduler(false); // see startFiring
                USERS.merge(scheduler.getSchedulerName(), 1, Integer::sum);
                return new Schedules(camel, scheduler);
            } catch (SchedulerException e) {
                throw new IllegalStateException("Could not start the Quartz scheduler: " + e.getMessage(), e);
            }
        }
    }

    static Properties properties(String jdbcUrl, String user, String password, String instanceId) {
        boolean postgres = jdbcUrl.startsWith("jdbc:postgresql:");
        String name = postgres ? CLUSTER : CLUSTER + "-" + instanceId;
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", name);
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.threadCount", "10"); // Quartz's default
        // a tick up to a minute late (its instance died holding it, a deploy or restart was under way) still fires,
        // late; older ones are misfires, and camel-quartz's cron triggers fire once now for all of them
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        if (postgres) {
            p.setProperty("org.quartz.jobStore.class", ClusterJobStore.class.getName());
            p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            p.setProperty("org.quartz.jobStore.isClustered", "true");
            p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "250");
        } else {
            p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        }
        // Quartz keeps its data sources by name for the whole JVM: one per scheduler
        p.setProperty("org.quartz.jobStore.dataSource", name);
        String ds = "org.quartz.dataSource." + name + ".";
        p.setProperty(ds + "provider", "hikaricp");
        p.setProperty(ds + "driver", postgres ? "org.postgresql.Driver" : "org.h2.Driver");
        p.setProperty(ds + "URL", jdbcUrl);
        p.setProperty(ds + "user", user == null ? "" : user);
        p.setProperty(ds + "password", password == null ? "" : password);
        p.setProperty(ds + "maxConnections", postgres ? "13" : "4"); // Quartz: job threads + 3 for a JobStoreTX
        return p;
    }

    /**
     * Starts firing, once this instance's workflows are deployed: a tick that fired before would find no route here
     * (camel-quartz then fails the job, and the tick is lost). On H2 it first puts the triggers in order: camel-quartz
     * paused the active workflows' triggers as this instance stopped (it does so where the store is not clustered),
     * and they fire again, the ticks missed meanwhile late; the triggers of workflows that are not active (left by a
     * crash between a deactivation and the trigger's removal) would fire into no route, and go. A clustered store is
     * left as it is: camel-quartz does not pause it, and another instance may have just activated a workflow.
     */
    void startFiring(Iterable<WorkflowState> saved) {
        try {
            if (!scheduler.getMetaData().isJobStoreClustered()) {
                tidy(saved);
            }
            scheduler.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not start the Quartz scheduler: " + e.getMessage(), e);
        }
    }

    /** On H2: the active workflows' triggers fire again from this runtime, the others' go. */
    private void tidy(Iterable<WorkflowState> saved) throws SchedulerException {
        Set<String> active = java.util.stream.StreamSupport.stream(saved.spliterator(), false)
                .filter(w -> "active".equals(w.status())).map(WorkflowState::id).collect(Collectors.toSet());
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
            if (!active.contains(key.getName())) {
                LOG.info("Removed the schedule of workflow {}: it is not active", key.getName());
                scheduler.unscheduleJob(key);
            } else {
                adopt(key);
                if (scheduler.getTriggerState(key) == Trigger.TriggerState.PAUSED) {
                    scheduler.resumeTrigger(key);
                }
            }
        }
    }

    /**
     * Points the trigger's stored job at this runtime's CamelContext: camel-quartz keeps an existing trigger as it was,
     * job data included, and a JVM's second CamelContext has a name of its own (the tests start several).
     */
    private void adopt(TriggerKey key) throws SchedulerException {
        JobDetail job = scheduler.getJobDetail(scheduler.getTrigger(key).getJobKey());
        String name = QuartzHelper.getQuartzContextName(camel);
        if (job != null && !name.equals(job.getJobDataMap().getString(QuartzConstants.QUARTZ_CAMEL_CONTEXT_NAME))) {
            job.getJobDataMap().put(QuartzConstants.QUARTZ_CAMEL_CONTEXT_NAME, name);
            scheduler.addJob(job, true, true);
        }
    }

    /**
     * Stops taking ticks, as this instance begins to stop, so that the other instances take the next ones. A tick it
     * already holds may still fire here; the schedule trigger leaves it for whoever resumes this instance's executions.
     */
    void standby() {
        synchronized (Schedules.class) {
            try {
                if (USERS.get(scheduler.getSchedulerName()) == 1) { // only the last runtime on a shared one stops it
                    scheduler.standby();
                }
            } catch (SchedulerException e) {
                throw new IllegalStateException("Could not pause the Quartz scheduler: " + e.getMessage(), e);
            }
        }
    }

    private static String contextKey(CamelContext camel) {
        return QuartzConstants.QUARTZ_CAMEL_CONTEXT + "-" + QuartzHelper.getQuartzContextName(camel);
    }

    /** Call after the CamelContext has stopped. Triggers stay in the database, for the next start or the other instances. */
    @Override
    public void close() {
        synchronized (Schedules.class) {
            try {
                scheduler.getContext().remove(contextKey(camel));
                if (USERS.merge(scheduler.getSchedulerName(), -1, Integer::sum) == 0) {
                    USERS.remove(scheduler.getSchedulerName());
                    scheduler.shutdown(true);
                }
            } catch (SchedulerException e) {
                throw new IllegalStateException("Could not shut the Quartz scheduler down: " + e.getMessage(), e);
            }
        }
    }
}
