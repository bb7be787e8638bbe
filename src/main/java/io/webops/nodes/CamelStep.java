package io.webops.nodes;

import java.util.List;
import java.util.Map;

/**
 * What the translator offers a node type for rendering its Camel steps: references to the beans
 * it binds for this node and the edges of the graph. Beans and endpoints are named by the
 * translator; no user string ever becomes part of an endpoint URI or an expression Camel would
 * evaluate.
 */
public interface CamelStep {

    /** {@code process: {ref: <node executor>}}. */
    Map<String, Object> process();

    /**
     * The node's own work as one Camel {@code step} named after the node, from its first step to the one that completes
     * it, without the dispatch to its successors: the runtime's history records the node from this step's events (its
     * start, its end, what the exchange then carries). Every node type's steps hold one; steps left outside it are
     * not the node's (a failure there is recorded only where it falls inside a step of the node).
     */
    Map<String, Object> work(Object... steps);

    /**
     * For a node that completes on one of several handles inside its {@link #work} (a condition): the edges of the
     * handle it completed on, after its step.
     */
    List<Object> dispatchOn(List<String> handles);

    /** Name of a bean of this node registered for {@code purpose} (a Predicate, Expression...). */
    String bean(String purpose);

    /**
     * The steps that hand the node's result to the successors connected to {@code handle}: a
     * {@code to: direct:<successor>}, or a {@code multicast} where the handle fans out. Inside a
     * split or loop, these are the edges of one item.
     */
    List<Object> dispatch(String handle);

    /** {@link #dispatch(String)} on the {@code output} handle. */
    default List<Object> dispatch() {
        return dispatch(io.webops.model.Connection.OUTPUT);
    }

    /**
     * For a split or loop, the steps run per item: enter the item's scope, then copies of the exchange to the nodes
     * of the item (a copy, so that whatever a node's route does to its exchange never ends the loop).
     */
    List<Object> items();

    /**
     * For a split or loop, the steps after every item has run: hand the gathered outputs to the
     * merge that closes its region (none when no merge does).
     */
    List<Object> gathered();

    /**
     * The steps of a node whose run prepares a message ({@link Send}) for one endpoint: its run, then, when it prepared
     * one, the message onto the exchange, {@code endpoint} (a {@code to} step whose options the translator or the type
     * wrote, never a user value) and the answer made into the node's output by {@link NodeType#answer}.
     */
    default List<Object> send(Map<String, Object> endpoint) {
        return List.of(work(Steps.process(bean("run")), Steps.map("filter", Steps.map(
                "#", "the message the node prepared (none when the execution was cancelled or failed meanwhile)",
                "expression", Steps.ref(Beans.HAS_SEND),
                "steps", List.of(Steps.process(Beans.SEND), endpoint, Steps.process(bean("answer")))))));
    }

    /** The node being rendered (its config may be quoted in comments, never in Camel values). */
    io.webops.model.Node node();
}
