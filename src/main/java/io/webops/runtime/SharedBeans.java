package io.webops.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.webops.json.Json;
import io.webops.nodes.Beans;
import io.webops.nodes.NodeFailure;
import io.webops.nodes.NodeResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Predicate;
import org.apache.camel.Processor;
import org.apache.camel.spi.Registry;

/**
 * The runtime's beans that every generated route shares (names in {@link Beans}). They read the
 * execution from exchange properties; nothing here evaluates user input as Camel language.
 */
final class SharedBeans {

    private final Engine engine;

    SharedBeans(Engine engine) {
        this.engine = engine;
    }

    void bindTo(Registry registry) {
        registry.bind(Beans.KEEP_ORIGINAL, new org.apache.camel.processor.aggregate.UseOriginalAggregationStrategy(false));
        registry.bind(Beans.RETRYABLE, (Predicate) SharedBeans::retryable);
        registry.bind(Beans.NODE_FAILED, (Processor) this::nodeFailed);
        registry.bind(Beans.COMPLETE, completeOn(null, engine.maxNodeOutputBytes()));
        registry.bind(Beans.ITEMS, expression(SharedBeans::items));
        registry.bind(Beans.LOOP_COUNT, expression(e -> items(e).size()));
        registry.bind(Beans.ENTER_ITEM, (Processor) e -> enterItem(e, engine.maxNodeOutputBytes()));
        registry.bind(Beans.DELAY_MILLIS, expression(e -> {
            NodeResult r = e.getProperty(Exchanges.HANDLE, NodeResult.class);
            return r != null && r.attachment() instanceof Long millis ? millis : 0L;
        }));
        registry.bind(Beans.FAILED, (Predicate) e -> scope(e).run.failed());
        registry.bind(Beans.HAS_SEND, (Predicate) e -> prepared(e) != null);
        registry.bind(Beans.SEND, (Processor) SharedBeans::send);
        registry.bind(Beans.CATCH_ALL, (Processor) SharedBeans::catchAll);
        registry.bind(Beans.FINISH, (Processor) e -> engine.finish(scope(e).run, null));
    }

    private static Expression expression(java.util.function.Function<Exchange, Object> f) {
        return new Expression() {
            @Override
            public <T> T evaluate(Exchange exchange, Class<T> type) {
                return exchange.getContext().getTypeConverter().convertTo(type, exchange, f.apply(exchange));
            }
        };
    }

    static Scope scope(Exchange e) {
        return e.getProperty(Exchanges.SCOPE, Scope.class);
    }

    /** Whether the last step made this node ready to run (the filter at the start of a join's route). */
    static Predicate ready(NodePlan node) {
        return e -> {
            Object ready = e.getProperty(Exchanges.NEXT);
            return ready instanceof List<?> list && list.contains(node);
        };
    }

    /** The message the node on the exchange prepared for its endpoint, or null. */
    private static io.webops.nodes.Send prepared(Exchange e) {
        NodeResult ran = e.getProperty(Exchanges.HANDLE, NodeResult.class);
        return ran != null && ran.attachment() instanceof io.webops.nodes.Send s ? s : null;
    }

    /** The prepared message onto the message, alone: nothing left from earlier steps is sent as a header. */
    private static void send(Exchange e) {
        org.apache.camel.Message m = e.getMessage();
        m.getHeaders().clear();
        prepared(e).onto(m);
        e.setProperty(Exchanges.SENT_AT, System.nanoTime());
    }

    /**
     * After a node's endpoint answered: the node's result from the answer (its type reads it), then the node completes
     * as after its own run. Camel's redelivery sends to the endpoint again without running the node again: its attempts
     * are its failed ones and this one. An answer that prepared another message leaves the node running for the send
     * that follows.
     */
    static Processor answer(NodePlan node, long maxOutputBytes) {
        Processor complete = completeOn(null, maxOutputBytes);
        return e -> {
            NodeResult ran = e.getProperty(Exchanges.HANDLE, NodeResult.class);
            Long sentAt = e.getProperty(Exchanges.SENT_AT, Long.class);
            long millis = sentAt == null ? 0 : (System.nanoTime() - sentAt) / 1_000_000;
            NodeResult result = node.type.answer(node.node, ran, e.getMessage(), millis);
            e.getMessage().getHeaders().clear();
            e.setProperty(Exchanges.HANDLE, result);
            if (result.attachment() instanceof io.webops.nodes.Send && result.attachment() != ran.attachment()) {
                // the type prepared a new message for the endpoint (CamelStep.send's askAgain): it completes after that answer
                return;
            }
            complete.process(e);
        };
    }

    /** Whether the node on the exchange completed on {@code handle} (the dispatch after a node that chose its handle). */
    static Predicate took(String handle) {
        return e -> e.getProperty(Exchanges.DONE) instanceof NodeResult done && handle.equals(done.handle());
    }

    /** The failure on the exchange as the failing node's type reports it. */
    private static Throwable failure(Exchange e, NodePlan node, Throwable t) {
        if (node == null || t == null) {
            return t;
        }
        return node.type.failure(node.node, e.getProperty(Exchanges.HANDLE, NodeResult.class), t);
    }

    /** Whether a failure may be retried: the node asked for retries and the failure is transient. */
    static boolean retryable(Exchange e) {
        NodePlan node = e.getProperty(Exchanges.NODE, NodePlan.class);
        if (node == null || !node.node.retryOnFailure()) {
            return false;
        }
        Throwable thrown = e.getException() != null ? e.getException() : e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        NodeHistory.failedAttempt(e, node, thrown);
        Scope scope = scope(e);
        if (scope != null && !scope.run.mayRun(node)) {
            return false;
        }
        Throwable t = failure(e, node, thrown);
        boolean retry = isTransient(t);
        // the redelivery takes this header's delay over the backoff's: a server's Retry-After wins
        if (retry && t instanceof io.webops.nodes.RetryAfterFailure later) {
            e.getIn().setHeader(Exchange.REDELIVERY_DELAY, later.retryAfterMillis());
        } else {
            e.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
        return retry;
    }

    static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof NodeFailure f) {
                return f.isTransient();
            }
            if (c instanceof io.webops.security.SsrfException) {
                return false;
            }
            if (c instanceof SocketTimeoutException || c instanceof ConnectException || c instanceof NoRouteToHostException
                    || c instanceof TimeoutException || c instanceof HttpTimeoutException
                    || c instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException
                    || c instanceof org.apache.hc.core5.http.NoHttpResponseException) {
                return true;
            }
            if (c instanceof SocketException && String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
                return true;
            }
            if (String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT).contains("temporar")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A node failed for good: its error (message, type, node id, input) becomes the body, for its error handle or the
     * catch-all and for its history ({@link Exchanges#FAILED}); the error handle gets it, or the execution fails.
     */
    private void nodeFailed(Exchange e) {
        Scope scope = scope(e);
        NodePlan node = e.getProperty(Exchanges.NODE, NodePlan.class);
        Throwable failure = failure(e, node, e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        e.setProperty(Exchanges.NEXT, List.of());
        if (scope == null || node == null) {
            return;
        }
        NodeState state = scope.state(node);
        JsonNode input = scope.inputOf(state);
        String message = message(failure);
        ObjectNode error = Json.object()
                .put("message", message)
                .put("type", type(failure))
                .put("node_id", node.id());
        error.set("input", input);
        e.getMessage().setBody(error);
        e.setProperty(Exchanges.FAILED, node);
        boolean hasErrorRoute = node.outgoing.stream().anyMatch(c -> c.firesOn("error"));
        if (hasErrorRoute && scope.run.mayRun(node)) {
            state.output = error;
            e.setProperty(Exchanges.NEXT, scope.complete(node, NodeResult.on("error", error)));
        } else {
            scope.run.fail(new Run.Failure("Node '" + node.id() + "' failed: " + message, traceback(failure), error));
        }
    }

    /**
     * Completes a node whose work ran in an earlier step: on its own handle ({@code handle} null),
     * or on the handle of the branch Camel chose.
     */
    static Processor completeOn(String handle, long maxOutputBytes) {
        return e -> {
            Scope scope = scope(e);
            NodePlan node = e.getProperty(Exchanges.NODE, NodePlan.class);
            NodeResult result = e.getProperty(Exchanges.HANDLE, NodeResult.class);
            if (result == null || !scope.run.mayRun(node)) {
                e.setProperty(Exchanges.NEXT, List.of());
                return;
            }
            if (handle != null) {
                result = NodeResult.on(handle, result.output());
            }
            NodeResult done = result;
            NodeLimits.within(node, scope.run, scope.state(node).startedNanos, maxOutputBytes, () -> {
                NodeProcessor.complete(e, scope, node, done);
                return null;
            });
        };
    }

    /** A node's expression as a Camel predicate, tested on the node's input in its scope. */
    static Predicate predicate(NodePlan node, io.webops.expr.Condition expression) {
        return e -> {
            Scope scope = scope(e);
            NodeState state = scope.state(node);
            return scope.run.mayRun(node) && expression.test(scope.vars(scope.inputOf(state)));
        };
    }

    /** The item scopes of the split or loop on the exchange, created once in the node's state. */
    private static List<Scope> items(Exchange e) {
        NodeResult result = e.getProperty(Exchanges.HANDLE, NodeResult.class);
        NodePlan node = e.getProperty(Exchanges.NODE, NodePlan.class);
        Scope scope = scope(e);
        if (result == null || node == null || node.ownRegion == null || !scope.run.mayRun(node)) {
            return List.of();
        }
        NodeState state = scope.state(node);
        List<Scope> items = state.items;
        if (items == null) {
            JsonNode array = result.output();
            items = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                items.add(new Scope(scope.run, scope, node.ownRegion, array.get(i), i));
            }
            state.items = items;
        }
        return items;
    }

    private static void enterItem(Exchange e, long maxOutputBytes) throws Exception {
        Scope item;
        Object body = e.getMessage().getBody();
        if (body instanceof Scope s) {
            item = s;
        } else {
            int index = e.getProperty(Exchange.LOOP_INDEX, Integer.class);
            item = items(e).get(index);
        }
        e.setProperty(Exchanges.SCOPE, item);
        NodePlan split = item.region.owner;
        List<NodePlan> next = item.run.mayRun(split)
                ? NodeLimits.within(split, item.run, System.nanoTime(), maxOutputBytes, () -> item.enter(split)) : List.of();
        e.setProperty(Exchanges.NEXT, next);
        e.getMessage().setBody(item.item);
    }

    /**
     * After every item of a split or loop has run: hands their outputs to the merge. The exchange may be the last
     * item's (the loop EIP goes on with it), so the split's own scope and items are found again from the node.
     */
    static Processor gathered(NodePlan node) {
        return e -> {
            Scope scope = scope(e);
            while (scope.region != null && scope.itemsOf(node) == null) {
                scope = scope.parent;
            }
            List<Scope> items = scope.itemsOf(node);
            e.setProperty(Exchanges.SCOPE, scope);
            e.setProperty(Exchanges.NODE, node);
            if (items == null || !scope.run.mayRun(node)) {
                e.setProperty(Exchanges.NEXT, List.of());
                return;
            }
            ArrayNode outputs = Json.NODES.arrayNode();
            for (Scope item : items) {
                JsonNode out = item.exitValue();
                if (out != null) {
                    outputs.add(out);
                }
            }
            e.getMessage().setBody(outputs);
            e.setProperty(Exchanges.NEXT, scope.gathered(node.ownRegion, outputs));
        };
    }

    /** The execution failed: its catch-all error handlers receive the error. */
    private static void catchAll(Exchange e) {
        Run run = scope(e).run;
        Scope scope = run.root;
        run.enterCatchAllPhase();
        List<NodePlan> ready = new ArrayList<>();
        for (NodePlan handler : run.plan.catchAlls) {
            scope.state(handler).arrivals.set(0, run.failure().error());
            ready.add(handler);
        }
        e.setProperty(Exchanges.NEXT, ready);
        e.getMessage().setBody(run.failure().error());
    }

    static String message(Throwable t) {
        if (t == null) {
            return "failed";
        }
        if (t instanceof NodeFailure || t instanceof io.webops.security.SsrfException) {
            return t.getMessage();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    static String type(Throwable t) {
        if (t instanceof NodeFailure f) {
            return f.kind();
        }
        return t == null ? "Error" : t.getClass().getSimpleName();
    }

    static String traceback(Throwable t) {
        if (t == null || t instanceof NodeFailure) {
            return null;
        }
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        String s = w.toString();
        return s.length() > 8000 ? s.substring(0, 8000) : s;
    }
}
