package io.webops.monitoring;

import io.webops.workers.Worker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;

/**
 * The runtime's health, answered by Camel's {@link HealthCheckRegistry}: the runtime's own checks ({@code database},
 * {@code scheduler}, {@code workers}) next to Camel's ({@code context} and one per route and consumer, reported
 * together as {@code routes}).
 *
 * <p>A route the runtime stopped on purpose is not a failure: the trigger of a paused or draft workflow, the routes of
 * a retired version while they are removed. Camel's route check calls any stopped route DOWN; here a stopped route
 * counts only when it stopped with an error Camel marks unhealthy.
 */
public final class Health {

    public static final String ROUTES = "routes";

    /** One check as reported: its name, whether it is up, what is wrong and its details (both for admins only). */
    public record Check(String name, boolean up, String message, Map<String, Object> details) {
    }

    /** Every check; UP when all are. */
    public record Report(boolean up, List<Check> checks) {
        public List<Check> down() {
            return checks.stream().filter(c -> !c.up()).toList();
        }
    }

    private Health() {
    }

    /** Adds the runtime's own checks to the context's registry (camel-health). */
    public static void register(CamelContext camel, DataSource store, Supplier<List<Worker>> workers) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(camel);
        if (registry == null) {
            throw new IllegalStateException("No health check registry: is camel-health on the class path and camel.health.enabled true?");
        }
        for (HealthCheck check : List.of(new DatabaseCheck(store), new SchedulerCheck(camel), new WorkersCheck(workers))) {
            if (check instanceof org.apache.camel.CamelContextAware aware) {
                aware.setCamelContext(camel);
            }
            registry.register(check);
        }
    }

    public static Report check(CamelContext camel) {
        List<Check> checks = new ArrayList<>();
        List<String> routesDown = new ArrayList<>();
        int routes = 0;
        java.util.Collection<HealthCheck.Result> results = invoke(camel);
        for (HealthCheck.Result r : results) {
            String id = r.getCheck().getId();
            if (id.startsWith("route:") || id.startsWith("consumer:")) {
                routes++;
                if (r.getState() == HealthCheck.State.DOWN && !stoppedOnPurpose(camel, id.substring(id.indexOf(':') + 1))) {
                    routesDown.add(id.substring(id.indexOf(':') + 1) + r.getMessage().map(m -> " (" + m + ")").orElse(""));
                }
                continue;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            r.getDetails().forEach((key, value) -> {
                if (!key.matches("(invocation|failure|success|check)\\..*")) {
                    details.put(key, value);
                }
            });
            checks.add(new Check(id, r.getState() != HealthCheck.State.DOWN,
                    r.getMessage().orElse(r.getState() == HealthCheck.State.DOWN ? "DOWN" : null), details));
        }
        Map<String, Object> routeDetails = new LinkedHashMap<>();
        routeDetails.put("checked", routes);
        if (!routesDown.isEmpty()) {
            routeDetails.put("down", routesDown);
        }
        checks.add(new Check(ROUTES, routesDown.isEmpty(),
                routesDown.isEmpty() ? null : "Route down: " + String.join(", ", routesDown), routeDetails));
        return new Report(checks.stream().allMatch(Check::up), List.copyOf(checks));
    }

    /**
     * Camel's checks. Its route check reads the status of a route a redeploy is removing at that moment (null) and
     * breaks: asked again, a little later each time, for as long as a removal takes on a busy machine.
     */
    private static java.util.Collection<HealthCheck.Result> invoke(CamelContext camel) {
        for (int attempt = 1; ; attempt++) {
            try {
                return HealthCheckHelper.invoke(camel);
            } catch (NullPointerException racing) {
                if (attempt == 10) {
                    throw racing;
                }
                try {
                    Thread.sleep(10L * attempt);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw racing;
                }
            }
        }
    }

    private static boolean stoppedOnPurpose(CamelContext camel, String routeId) {
        Route route = camel.getRoute(routeId);
        if (route == null) {
            return true; // removed while it was checked
        }
        ServiceStatus status = camel.getRouteController().getRouteStatus(routeId);
        boolean stopped = status == null || status.isStopping() || status.isStopped();
        return stopped && (route.getLastError() == null || !route.getLastError().isUnhealthy());
    }
}
