package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.history.NodeLog;
import io.webops.nodes.NodeResult;
import io.webops.translate.RouteNames;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.service.ServiceHelper;

/**
 * The node logs of §4, captured by Camel from the exchange. Each node's own work runs in a {@code step} EIP whose id is
 * the node's route id and {@code .work} (the translator writes it); this notifier hears the step start and end and writes the log from
 * what the exchange then carries: the input the node's route put in {@link Exchanges#INPUT}, the output in the body,
 * the result it completed with ({@link Exchanges#DONE}), or the error it failed with (the body, with
 * {@link Exchanges#FAILED} naming the node). Duration and start come from the step's events, attempts from the failed
 * attempts Camel's redelivery asked about ({@link #failedAttempt}). The nodes the node's end skipped
 * ({@link Scope.Successors}, whose routes never run) are logged after it.
 *
 * <p>Any other step {@code <route id>.<part>} is a part of the node's work outside its own step (a split's item entry, the
 * failure handling before an error edge): a failure there is the node's too. It hears step events only, so the
 * rest of Camel keeps its event-free fast path.
 */
final class NodeHistory extends EventNotifierSupport {

    /** One step of a node in progress on an exchange; steps nest (an error edge runs inside its node's failure). */
    private static final class StepRun {
        final String stepId;
        final StepRun outer;
        final long startedAtMillis = System.currentTimeMillis();
        final long startedNanos = System.nanoTime();
        int failedAttempts;
        /** The failure last counted, so that one failed attempt counts once. */
        Throwable counted;
        boolean logged;

        StepRun(String stepId, StepRun outer) {
            this.stepId = stepId;
            this.outer = outer;
        }
    }

    private NodeHistory() {
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        // also keeps Camel from emitting exchange events for this notifier's sake
        setIgnoreExchangeEvents(true);
    }

    /** Registers the one notifier on the context (several engines on one context share it: it keeps no state). */
    static void registerOn(CamelContext camel) {
        for (Object notifier : camel.getManagementStrategy().getEventNotifiers()) {
            if (notifier instanceof NodeHistory) {
                return;
            }
        }
        NodeHistory history = new NodeHistory();
        history.setCamelContext(camel);
        camel.getManagementStrategy().addEventNotifier(history);
        if (camel.isStarted()) {
            ServiceHelper.startService(history);
        }
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.StepEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        CamelEvent.StepEvent step = (CamelEvent.StepEvent) event;
        Exchange exchange = step.getExchange();
        if (event.getType() == CamelEvent.Type.StepStarted) {
            exchange.setProperty(Exchanges.STEP, new StepRun(step.getStepId(), exchange.getProperty(Exchanges.STEP, StepRun.class)));
        } else {
            StepRun ended = exchange.getProperty(Exchanges.STEP, StepRun.class);
            if (ended == null || !ended.stepId.equals(step.getStepId())) {
                return;
            }
            if (ended.outer == null) {
                exchange.removeProperty(Exchanges.STEP);
            } else {
                exchange.setProperty(Exchanges.STEP, ended.outer);
            }
            ended(exchange, ended);
        }
    }

    /**
     * Counts a failed attempt of the node on the exchange, told by the retry decision (Camel removes its redelivery
     * counter before a failure is handled, and a node that sends to an endpoint clears its headers). Camel asks that
     * decision once per exception of the failure's cause chain (an API component's wrapper around its client's,
     * camel-sql's Spring exception around the driver's), so {@code failure} counts once.
     */
    static void failedAttempt(Exchange exchange, NodePlan node, Throwable failure) {
        StepRun run = exchange.getProperty(Exchanges.STEP, StepRun.class);
        if (run != null && partOf(run.stepId, node) && run.counted != failure) {
            run.counted = failure;
            run.failedAttempts++;
        }
    }

    private static void ended(Exchange exchange, StepRun ended) {
        NodePlan node = exchange.getProperty(Exchanges.NODE, NodePlan.class);
        Scope scope = exchange.getProperty(Exchanges.SCOPE, Scope.class);
        if (node == null || scope == null || !partOf(ended.stepId, node)) {
            return;
        }
        Integer item = scope.region == null ? null : scope.index;
        if (exchange.getProperty(Exchanges.FAILED) == node) {
            if (!ended.logged) {
                failed(exchange, ended, node, scope, item);
            }
        } else if (exchange.getProperty(Exchanges.DONE) instanceof NodeResult done && ownWork(ended.stepId, node)) {
            long elapsed = System.nanoTime() - ended.startedNanos;
            node.nanos.add(elapsed);
            scope.run.log(new NodeLog(node.id(), node.node.enabled() ? "success" : "disabled", ended.failedAttempts + 1,
                    Instant.ofEpochMilli(ended.startedAtMillis), elapsed / 1_000_000,
                    exchange.getProperty(Exchanges.INPUT, JsonNode.class),
                    exchange.getMessage().getBody() instanceof JsonNode out ? out : null, null, item, done.details()));
        }
        // without DONE the node did not complete (its execution ended meanwhile), or this step was only a part of it
        if (exchange.getProperty(Exchanges.NEXT) instanceof Scope.Successors next && next.skipped != null) {
            for (NodePlan skipped : next.skipped) {
                scope.run.logSkipped(scope, skipped);
            }
            next.skipped = null;
        }
    }

    /** The node failed for good: its error is the body; start and attempts are those of its outermost step. */
    private static void failed(Exchange exchange, StepRun ended, NodePlan node, Scope scope, Integer item) {
        StepRun first = ended;
        for (StepRun r = ended; r != null && partOf(r.stepId, node); r = r.outer) {
            first = r;
            r.logged = true;
        }
        JsonNode error = exchange.getMessage().getBody() instanceof JsonNode body ? body : null;
        String message = error == null ? "failed" : error.path("message").asText("failed");
        scope.run.log(new NodeLog(node.id(), "failed", Math.max(1, first.failedAttempts),
                Instant.ofEpochMilli(first.startedAtMillis), (System.nanoTime() - first.startedNanos) / 1_000_000,
                error == null ? null : error.get("input"), null, message, item));
    }

    /** Whether a step is the node's: its work or a part of it ({@code <route id>.<part>}; route ids hold no dot after it). */
    private static boolean partOf(String stepId, NodePlan node) {
        String routeId = node.routeId;
        return stepId.length() > routeId.length() && stepId.startsWith(routeId) && stepId.charAt(routeId.length()) == '.';
    }

    private static boolean ownWork(String stepId, NodePlan node) {
        return stepId.length() == node.routeId.length() + RouteNames.WORK_STEP.length() && stepId.endsWith(RouteNames.WORK_STEP);
    }
}
