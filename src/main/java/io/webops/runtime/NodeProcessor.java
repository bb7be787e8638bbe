package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.webops.expr.Vars;
import io.webops.json.Json;
import io.webops.model.Node;
import io.webops.nodes.NodeCall;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Runs one node for the scope on the exchange: builds its input, calls its executor and works out which successors
 * are ready ({@link Exchanges#NEXT}); the node's log is written from the exchange by {@link NodeHistory}. Bound in the
 * registry under the node's route id; the generated route refers to it by that name.
 */
final class NodeProcessor implements Processor {

    /** What the processor does: all of it, or only the work (a later step completes the node). */
    enum Phase { RUN_AND_COMPLETE, RUN }

    private final NodePlan plan;
    private final Phase phase;
    private final long maxOutputBytes;

    NodeProcessor(NodePlan plan, Phase phase, long maxOutputBytes) {
        this.plan = plan;
        this.phase = phase;
        this.maxOutputBytes = maxOutputBytes;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Scope scope = exchange.getProperty(Exchanges.SCOPE, Scope.class);
        Run run = scope.run;
        exchange.setProperty(Exchanges.NODE, plan);
        exchange.removeProperty(Exchanges.HANDLE);
        exchange.removeProperty(Exchanges.DONE);
        exchange.removeProperty(Exchanges.FAILED);
        if (!run.mayRun(plan)) {
            // the execution was cancelled, timed out or failed: the rest of this route does nothing
            exchange.setProperty(Exchanges.NEXT, java.util.List.of());
            return;
        }
        NodeState state = scope.state(plan);
        long attemptStarted = System.nanoTime();
        if (state.startedNanos == 0) {
            state.startedNanos = attemptStarted;
        }
        JsonNode input = scope.inputOf(state);
        exchange.setProperty(Exchanges.INPUT, input);
        exchange.getMessage().setBody(input);
        Node node = plan.node;
        NodeResult result;
        NodeResult kept = run.partial == null ? null : run.partial.kept(plan, scope);
        if (kept != null) {
            result = kept; // a replay's or a test run's: the node gives what it produced before, or its pin
        } else if (!node.enabled()) {
            result = NodeResult.of(input);
        } else {
            Call call = new Call(scope, node, input);
            // the node's timeout bounds each attempt: a retry after a slow attempt gets its own time
            result = NodeLimits.within(plan, run, attemptStarted, maxOutputBytes, () -> plan.executor.run(call));
            long elapsed = System.nanoTime() - attemptStarted;
            if (elapsed > node.timeoutSeconds() * 1_000_000_000L && plan.type.boundByNodeTimeout()) {
                throw new NodeFailure("Timeout", "Node '" + node.id() + "' ran past its timeout of "
                        + node.timeoutSeconds() + " s", true);
            }
            NodeLimits.check(() -> "Node '" + node.id() + "': output", result.output(), maxOutputBytes);
        }
        if (result.output() == null) {
            result = new NodeResult(Json.NODES.nullNode(), result.handle(), result.attachment(), result.details());
        }
        exchange.setProperty(Exchanges.HANDLE, result);
        if (phase == Phase.RUN_AND_COMPLETE) {
            NodeResult done = result;
            NodeLimits.within(plan, run, attemptStarted, maxOutputBytes, () -> {
                complete(exchange, scope, plan, done);
                return null;
            });
        }
    }

    /**
     * The node completed with {@code result}: its output becomes the body and its variable, the ready successors are
     * set, and {@link Exchanges#DONE} tells the history ({@link NodeHistory}) that it succeeded.
     */
    static void complete(Exchange exchange, Scope scope, NodePlan plan, NodeResult result) {
        scope.state(plan).output = result.output();
        if (plan.sink) {
            scope.run.sinkOutput(scope, plan, result.output());
        }
        List<NodePlan> ready = scope.complete(plan, result);
        exchange.setProperty(Exchanges.NEXT, ready);
        exchange.getMessage().setBody(result.output());
        exchange.setVariable(plan.variable, result.output());
        exchange.setProperty(Exchanges.DONE, result);
    }

    /** The view a node executor gets of its call. */
    private static final class Call implements NodeCall {
        private final Scope scope;
        private final Node node;
        private final JsonNode input;
        private Vars vars;

        Call(Scope scope, Node node, JsonNode input) {
            this.scope = scope;
            this.node = node;
            this.input = input;
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public JsonNode input() {
            return input;
        }

        @Override
        public Vars vars() {
            if (vars == null) {
                vars = scope.vars(input);
            }
            return vars;
        }

        @Override
        public Vars varsWithItem(JsonNode item) {
            Vars base = vars();
            return name -> "item".equals(name) ? item : base.lookup(name);
        }

        @Override
        public String executionId() {
            return scope.run.id;
        }

        @Override
        public void respond(int status, JsonNode headers, JsonNode body) {
            scope.run.respond(new Run.Response(status, headers, body));
        }
    }
}
