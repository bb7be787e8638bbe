package io.webops.runtime;

import io.webops.workers.Worker;
import java.util.ArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceHelper;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads workflows' generated routes into the one CamelContext and removes them, retired versions in the background. */
final class WorkflowRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRoutes.class);

    private final CamelContext camel;
    private final NodeBeans nodeBeans;
    /**
     * Held while Camel's route model changes (routes and route configurations loaded or removed). Its lists are not
     * safe for two threads, and retired routes are removed on {@link #remover} while a deploy loads new ones.
     */
    private final Object routeModel = new Object();
    private final ExecutorService remover = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "webops-undeploy");
        t.setDaemon(true);
        return t;
    });
    private final Worker removerWorker = new Worker("webops-undeploy", null)
            .runsWhile(() -> !remover.isShutdown(), "it was shut down");

    WorkflowRoutes(CamelContext camel, NodeBeans nodeBeans) {
        this.camel = camel;
        this.nodeBeans = nodeBeans;
    }

    /** The loop that removes retired routes, for health. */
    Worker removerWorker() {
        return removerWorker;
    }

    void load(String workflowId, String part, String yaml) {
        try {
            Resource resource = ResourceHelper.fromString(workflowId + "-" + part + ".yaml", yaml);
            synchronized (routeModel) {
                PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Workflow '" + workflowId + "' could not be deployed: " + e.getMessage(), e);
        }
    }

    /**
     * Removes a retired deployment's routes on a background thread: Camel's removeRoute looks at
     * every other route, so removing a large workflow takes a while and no caller should wait.
     */
    void removeLater(Deployment d) {
        if (d.removed.compareAndSet(false, true)) {
            remover.execute(removerWorker.guard(() -> {
                try {
                    remove(d);
                } catch (RuntimeException e) {
                    LOG.warn("Could not remove the routes of {}: {}", d.plan.prefix, e.getMessage());
                }
            }));
        }
    }

    private void remove(Deployment d) {
        removeRoute(d.plan.prefix + ".start");
        for (NodePlan p : d.plan.nodes) {
            removeRoute(p.routeId);
        }
        // what is left under the deployment's prefix: the Kamelet routes its nodes named after themselves
        for (Route r : new ArrayList<>(camel.getRoutes())) {
            if (r.getRouteId().startsWith(d.plan.prefix + ".")) {
                removeRoute(r.getRouteId());
            }
        }
        ModelCamelContext model = (ModelCamelContext) camel;
        synchronized (routeModel) {
            for (RouteConfigurationDefinition rc : new ArrayList<>(model.getRouteConfigurationDefinitions())) {
                if (rc.getId() != null && rc.getId().startsWith(d.plan.prefix + ".")) {
                    try {
                        model.removeRouteConfiguration(rc);
                    } catch (Exception e) {
                        LOG.warn("Could not remove route configuration {}", rc.getId(), e);
                    }
                }
            }
        }
        // the YAML's beans: section bound the node beans it declares in Camel's registry and model too
        java.util.Set<String> names = new java.util.HashSet<>(d.beanNames);
        synchronized (routeModel) {
            model.getCustomBeans().removeIf(b -> names.contains(b.getName()));
        }
        for (String bean : d.beanNames) {
            camel.getRegistry().unbind(bean);
            if (nodeBeans.unbind(bean) instanceof ExecutorService pool) {
                pool.shutdown();
            }
        }
        ServiceHelper.stopAndShutdownService(d.start);
    }

    /**
     * Removes the trigger route. A schedule's Quartz trigger goes with it: camel-quartz leaves it in a clustered job
     * store (for the other instances), but every instance follows the same saved status, so a trigger that one
     * instance removes (redeploy, disable, delete) is one no instance should keep firing as it was.
     */
    void removeTrigger(String workflowId) {
        removeRoute(workflowId + io.webops.nodes.Beans.TRIGGER_SOURCE_ROUTE); // a source Kamelet's own route, if any
        Route route = camel.getRoute(workflowId + ".trigger");
        if (route == null) {
            return;
        }
        Endpoint endpoint = route.getEndpoint();
        removeRoute(route.getRouteId());
        if (endpoint instanceof QuartzEndpoint quartz) {
            try {
                quartz.getComponent().getScheduler().unscheduleJob(quartz.getTriggerKey());
            } catch (SchedulerException e) {
                LOG.warn("Could not delete the schedule of {}: {}", workflowId, e.getMessage());
            }
        }
    }

    private void removeRoute(String routeId) {
        if (camel.getRoute(routeId) == null) {
            return;
        }
        try {
            camel.getRouteController().stopRoute(routeId, 5, TimeUnit.SECONDS);
            synchronized (routeModel) {
                camel.removeRoute(routeId);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not remove route " + routeId, e);
        }
    }

    /** Waits until every retired deployment's routes are gone. */
    void awaitRemovals() {
        try {
            remover.submit(() -> { }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Finishes the removals under way (Camel still runs) and stops the remover. */
    void close() {
        remover.shutdown();
        try {
            if (!remover.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("Retired routes were still being removed at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
