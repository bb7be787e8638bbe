package io.webops.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.auth.Caller;
import io.webops.monitoring.Health;
import io.webops.monitoring.RouteMetrics;
import io.webops.runtime.Engine;
import io.webops.json.Json;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Watching a running instance over HTTP (§8): {@code /observe/health} from Camel's health check registry (public, but
 * only admins see messages and details), {@code /observe/metrics} in Prometheus text (the workflow series from
 * history, then Camel's route metrics) and Camel's developer console at {@code /observe/console} (both for admins).
 * docs/OPERATIONS.md says what each shows.
 */
public final class ObserveRoutes extends ApiRouteBuilder {

    /**
     * The dev consoles served: read-only views of the context, routes, health and JVM. Those that show configuration
     * values or message contents (properties, env, variables, browse, trace, ...) or act (send, debug, reload) are not.
     */
    static final Set<String> CONSOLES = Set.of("context", "route", "route-group", "route-structure", "route-controller",
            "top", "inflight", "blocked", "consumer", "endpoint", "health", "service", "startup-recorder", "internal-tasks",
            "circuit-breaker", "jvm", "memory", "thread", "gc");

    private final WorkflowService workflows;
    private final Engine engine;

    public ObserveRoutes(WorkflowService workflows, Engine engine) {
        this.workflows = workflows;
        this.engine = engine;
    }

    @Override
    public void configure() {
        publicApi("health", "/observe/health", "GET", this::health);
        api("metrics", "/observe/metrics", "GET", e -> {
            requireAdmin(e);
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            return Metrics.prometheus(workflows.list(200, null, caller(e)).items(), engine.nodeMetrics(), engine.runningCount())
                    + RouteMetrics.registry(getContext()).scrape();
        });
        api("consoles", "/observe/console", "GET", e -> {
            requireAdmin(e);
            ArrayNode list = Json.NODES.arrayNode();
            consoles().stream().filter(c -> CONSOLES.contains(c.getId())).forEach(c -> list.addObject()
                    .put("id", c.getId()).put("group", c.getGroup())
                    .put("name", c.getDisplayName()).put("description", c.getDescription()));
            return list;
        });
        api("console", "/observe/console/{id}", "GET", e -> {
            requireAdmin(e);
            DevConsole console = CONSOLES.contains(id(e)) ? consoles().resolveById(id(e)) : null;
            if (console == null || !console.supportMediaType(DevConsole.MediaType.JSON)) {
                throw new ApiException(ErrorCode.NOT_FOUND, "No console '" + id(e) + "': GET /observe/console lists them");
            }
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            return String.valueOf(console.call(DevConsole.MediaType.JSON) instanceof org.apache.camel.util.json.JsonObject json
                    ? json.toJson() : "{}");
        });
    }

    /**
     * Unregisters and stops the consoles this runtime does not serve. Camel loads them all; the {@code event} console's
     * notifier alone would otherwise record every exchange event of every node route, for a page nobody can open.
     */
    public static void dropUnserved(CamelContext camel) {
        DevConsoleRegistry registry = DevConsoleRegistry.get(camel);
        if (registry == null) {
            return;
        }
        registry.stream().filter(c -> !CONSOLES.contains(c.getId())).toList().forEach(c -> {
            registry.unregister(c);
            ServiceHelper.stopService(c);
        });
    }

    private DevConsoleRegistry consoles() {
        DevConsoleRegistry registry = DevConsoleRegistry.get(getContext());
        if (registry == null || !registry.isEnabled()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "The dev console is off: set camel.main.devConsoleEnabled=true");
        }
        return registry;
    }

    /** UP (200) or DOWN (503) with every check; messages and details only for admins, the rest see names and states. */
    private Object health(Exchange e) {
        boolean admin = isAdmin(e);
        Health.Report report = Health.check(getContext());
        ObjectNode out = Json.object().put("status", report.up() ? "UP" : "DOWN");
        if (!report.up()) {
            status(e, 503);
            out.put("message", "Down: " + report.down().stream()
                    .map(c -> admin ? c.name() + " (" + c.message() + ")" : c.name()).collect(Collectors.joining(", ")));
        }
        ArrayNode checks = out.putArray("checks");
        for (Health.Check c : report.checks()) {
            ObjectNode check = checks.addObject().put("name", c.name()).put("status", c.up() ? "UP" : "DOWN");
            if (admin) {
                if (c.message() != null) {
                    check.put("message", c.message());
                }
                if (!c.details().isEmpty()) {
                    check.set("details", Json.MAPPER.valueToTree(c.details()));
                }
                if (c.name().equals("workers")) {
                    out.set("workers", Json.MAPPER.valueToTree(c.details()));
                }
            }
        }
        if (admin) {
            out.put("running_executions", engine.runningCount());
        }
        return out;
    }

    /** Whether the request carries an admin's credentials; health answers anyone, so no credentials is no error. */
    private boolean isAdmin(Exchange e) {
        try {
            Caller caller = security().authenticate(e);
            return caller.isAdmin();
        } catch (RuntimeException anonymous) { // no, wrong or unverifiable (database down) credentials
            return false;
        }
    }
}
