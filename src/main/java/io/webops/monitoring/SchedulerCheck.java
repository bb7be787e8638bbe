package io.webops.monitoring;

import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * {@code scheduler}: the Quartz scheduler that fires cron triggers is started, not in standby and not shut down.
 * Before any cron workflow is deployed there may be no scheduler yet, which is UP (nothing is due).
 */
public final class SchedulerCheck extends AbstractHealthCheck {

    private final CamelContext camel;

    public SchedulerCheck(CamelContext camel) {
        super("webops", "scheduler");
        this.camel = camel;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        QuartzComponent quartz = camel.hasComponent("quartz") instanceof QuartzComponent q ? q : null;
        Scheduler scheduler = quartz == null ? null : quartz.getScheduler();
        if (scheduler == null) {
            builder.up().detail("scheduler", "none yet (no cron workflow deployed)");
            return;
        }
        try {
            builder.detail("scheduler", scheduler.getSchedulerName())
                    .detail("clustered", scheduler.getMetaData().isJobStoreClustered());
            if (scheduler.isShutdown()) {
                builder.down().message("The Quartz scheduler is shut down: cron triggers do not fire");
            } else if (scheduler.isInStandbyMode() || !scheduler.isStarted()) {
                builder.down().message("The Quartz scheduler is in standby: cron triggers do not fire");
            } else {
                builder.up();
            }
        } catch (SchedulerException e) {
            builder.down().message("The Quartz scheduler cannot be asked: " + e.getMessage()).error(e);
        }
    }
}
